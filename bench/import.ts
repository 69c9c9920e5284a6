/**
 * Import at scale (docs/benchmarks.md, "Import and export").
 *
 *   npx tsx bench/import.ts [--rows 1000000] [--engine postgres|pglite|both] [--seed 1]
 *                           [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--batch 5000] [--keep] [--skip-again]
 *
 * Generates a deterministic contact CSV (姓名,手机,邮箱,公司,分组; 5% duplicates, 1% bad
 * rows; src/modules/imports/generate-contact-file.ts) and imports it into a fresh, migrated
 * database through the product's own code: openCustomerSource (reader, header detection,
 * normalising) and runCustomerImport (job, dedupe, batches). Prints rows/s and the peak RSS
 * of this process during the import (PGlite runs inside it; a PostgreSQL server does not).
 *
 * References, measured in the same run on the same engine, timing the COPY statements only:
 * - file: a raw COPY of the same CSV file into a table of five text columns without indexes;
 * - table: a raw COPY of the rows the import stored (as CSV from COPY … TO) into an empty
 *   copy of `customers` with all its indexes (LIKE customers INCLUDING ALL).
 * Ratio = import rows/s ÷ reference rows/s.
 *
 * Then exports the imported customers to CSV with the product's export (exportCustomers, the
 * same code as `weixi export customers`) and times it, against a raw `COPY (SELECT …) TO` of
 * the same columns as the reference.
 */
import { createReadStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import pg from 'pg';
import { to as copyTo } from 'pg-copy-streams';
import { openDatabase, type Database, type Engine } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { createImportJob } from '../src/modules/imports/create-import-job.js';
import { writeContactFile } from '../src/modules/imports/generate-contact-file.js';
import { runCustomerImport } from '../src/modules/imports/import-customers.js';
import { openCustomerSource } from '../src/modules/imports/open-import-source.js';
import { systemActor } from '../src/modules/users/actor.js';
import { exportCustomers } from '../src/modules/exports/export-customers.js';
import { createWriteStream } from 'node:fs';
import { adminQuery } from './support.js';

function arg(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index > 0 && process.argv[index + 1] ? process.argv[index + 1]! : fallback;
}
const ROWS = Number(arg('rows', '1000000'));
const ENGINES: Engine[] = arg('engine', 'postgres') === 'both' ? ['postgres', 'pglite'] : [arg('engine', 'postgres') as Engine];
const ADMIN_URL = arg('admin-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const SEED = Number(arg('seed', '1'));
const BATCH = Number(arg('batch', '5000'));
const KEEP = process.argv.includes('--keep');
const BENCH_DB = 'weixi_bench_import';

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const perSecond = (rows: number, ms: number) => Math.round(rows / (ms / 1000));
const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;

const admin = (sql: string) => adminQuery(ADMIN_URL, sql);

async function openFresh(engine: Engine): Promise<{ database: Database; cleanup: () => Promise<void> }> {
  if (engine === 'postgres') {
    await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
    await admin(`CREATE DATABASE ${BENCH_DB}`);
    const url = new URL(ADMIN_URL);
    url.pathname = `/${BENCH_DB}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    await migrate(database);
    return { database, cleanup: async () => { await database.close(); if (!KEEP) await admin(`DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`); } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'weixi-bench-import-'));
  const database = await openDatabase({ dataDir: dir });
  await migrate(database);
  return { database, cleanup: async () => { await database.close(); if (!KEEP) rmSync(dir, { recursive: true, force: true }); } };
}

async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Peak RSS of this process, sampled every 50 ms. */
function rssSampler(): { stop(): number } {
  let peak = process.memoryUsage.rss();
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage.rss())), 50);
  return { stop: () => (clearInterval(timer), Math.max(peak, process.memoryUsage.rss())) };
}

/** CSV text of `customers` in chunks of 100,000 rows, in id order. */
async function* storedRows(database: Database): AsyncGenerator<string> {
  let last = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const select = `SELECT * FROM customers WHERE id > '${last}' ORDER BY id LIMIT 100000`;
    let text: string;
    if (database.pglite) {
      const result = await database.pglite.query(`COPY (${select}) TO '/dev/blob' WITH (FORMAT csv)`);
      text = result.blob ? await result.blob.text() : '';
    } else {
      const client = new pg.Client({ connectionString: new URL(`/${BENCH_DB}`, ADMIN_URL).toString() });
      await client.connect();
      const chunks: Buffer[] = [];
      await new Promise<void>((resolve, reject) => {
        const stream = client.query(copyTo(`COPY (${select}) TO STDOUT WITH (FORMAT csv)`));
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => resolve());
        stream.on('error', reject);
      });
      await client.end();
      text = Buffer.concat(chunks).toString('utf8');
    }
    if (!text) return;
    // Values hold newlines (search_text), so the last id is asked for rather than parsed.
    last = (await database.raw.query<{ id: string }>(`SELECT max(id::text) AS id FROM (${select}) page`))[0]!.id;
    yield text;
  }
}

async function references(database: Database, file: string): Promise<{ fileMs: number; fileRows: number; tableMs: number; tableRows: number }> {
  await database.raw.exec('CREATE TABLE bench_file_ref (name text, phone text, email text, company text, grp text)');
  const content = await import('node:fs/promises').then((fs) => fs.readFile(file, 'utf8'));
  let started = performance.now();
  const fileRows = await database.raw.copyFromCsv('COPY bench_file_ref FROM STDIN WITH (FORMAT csv, HEADER true)', content);
  const fileMs = performance.now() - started;
  await database.raw.exec('DROP TABLE bench_file_ref; CREATE TABLE bench_table_ref (LIKE customers INCLUDING ALL)');
  let tableMs = 0;
  let tableRows = 0;
  for await (const chunk of storedRows(database)) {
    started = performance.now();
    tableRows += await database.raw.copyFromCsv('COPY bench_table_ref FROM STDIN WITH (FORMAT csv)', chunk);
    tableMs += performance.now() - started;
  }
  await database.raw.exec('DROP TABLE bench_table_ref');
  return { fileMs, fileRows, tableMs, tableRows };
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'weixi-import-file-'));
  const file = join(dir, 'contacts.csv');
  let started = performance.now();
  const stats = await writeContactFile(file, { rows: ROWS, seed: SEED });
  console.log(`file: ${stats.rows} rows (${stats.duplicates} repeat an earlier person, ${stats.bad} broken), ${mb(statSync(file).size)}, generated in ${seconds(performance.now() - started)}`);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, ${mb(totalmem())} RAM, Node ${process.version}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  const sha = await fileSha256(file);
  const skipAgain = process.argv.includes('--skip-again');
  for (const engine of ENGINES) {
    const { database, cleanup } = await openFresh(engine);
    try {
      const version = (await database.raw.query<{ v: string }>("SELECT current_setting('server_version') AS v"))[0]!.v;
      console.log(`\n== ${engine} (PostgreSQL ${version}), batch ${BATCH}`);
      const rss = rssSampler();
      started = performance.now();
      const opened = await openCustomerSource(database.db, file, {});
      const job = await createImportJob(database.db, systemActor, { kind: 'customers', fileName: 'contacts.csv', fileSha256: sha, rowsTotal: ROWS, options: { mapping: opened.mapping, batchSize: BATCH } });
      let lastPrint = 0;
      const result = await runCustomerImport(database.db, systemActor, job.id, opened.source, opened.mapRow, {
        onProgress: (progress) => {
          if (performance.now() - lastPrint > 10_000) {
            lastPrint = performance.now();
            console.log(`  ${progress.rowsDone} rows, ${Math.round(progress.rowsPerSecond ?? 0)}/s, ETA ${progress.etaSeconds ?? '?'} s, RSS ${mb(process.memoryUsage.rss())}`);
          }
        },
      });
      const importMs = performance.now() - started;
      const peak = rss.stop();
      const rate = perSecond(result.rowsDone, importMs);
      console.log(`import: ${result.rowsDone} rows in ${seconds(importMs)} = ${rate} rows/s; created ${result.counts.created}, updated ${result.counts.updated}, unchanged ${result.counts.unchanged}, rejected ${result.counts.rejected}; peak RSS ${mb(peak)}`);
      const ref = await references(database, file);
      const fileRate = perSecond(ref.fileRows, ref.fileMs);
      const tableRate = perSecond(ref.tableRows, ref.tableMs);
      console.log(`reference, raw COPY of the file into a 5-text-column table: ${ref.fileRows} rows in ${seconds(ref.fileMs)} = ${fileRate} rows/s → ratio ${(rate / fileRate).toFixed(3)}`);
      console.log(`reference, raw COPY of the stored rows into an empty indexed copy of customers: ${ref.tableRows} rows in ${seconds(ref.tableMs)} = ${tableRate} rows/s → ratio ${(rate / tableRate).toFixed(3)}`);
      if (!skipAgain) {
        started = performance.now();
        const again = await runCustomerImport(
          database.db, systemActor,
          (await createImportJob(database.db, systemActor, { kind: 'customers', fileName: 'contacts.csv', fileSha256: sha, options: { mapping: opened.mapping, batchSize: BATCH } })).id,
          (await openCustomerSource(database.db, file, { mapping: opened.mapping })).source, opened.mapRow,
        );
        console.log(`same file again: ${seconds(performance.now() - started)}; created ${again.counts.created}, updated ${again.counts.updated}, unchanged ${again.counts.unchanged}, rejected ${again.counts.rejected}`);
      }
      const exportFile = join(dir, 'export.csv');
      started = performance.now();
      const exported = await exportCustomers(database.db, systemActor, {}, 'csv', createWriteStream(exportFile));
      const exportMs = performance.now() - started;
      started = performance.now();
      let rawBytes = 0;
      for await (const chunk of storedRows(database)) rawBytes += chunk.length;
      const rawMs = performance.now() - started;
      console.log(`export to CSV: ${exported} customers in ${seconds(exportMs)} = ${perSecond(exported, exportMs)}/s, ${mb(statSync(exportFile).size)}; reference raw COPY TO of the whole rows: ${seconds(rawMs)} (${mb(rawBytes)}) → ratio ${(rawMs / exportMs).toFixed(3)}`);
    } finally {
      await cleanup();
    }
  }
  rmSync(dir, { recursive: true, force: true });
}

await main();

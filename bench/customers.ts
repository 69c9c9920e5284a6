/**
 * Customers: load and search at scale (docs/benchmarks.md, "Customers: load and search").
 *
 *   npx tsx bench/customers.ts [--size 1000000] [--engine postgres|pglite|both] [--queries 240]
 *                              [--runs 3] [--seed 1] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
 *                              [--no-defer] [--skip-reference] [--explain] [--keep] [--reuse] [--json file]
 *
 * Load: demo customers (with their group memberships and stage history; no orders or
 * interactions) generated and loaded by loadDemo() into a fresh, migrated database.
 * Reference: a raw COPY of the same CSV text into plain copies of those tables without
 * indexes or constraints, timing only the COPY statements (generation excluded), in the
 * same run. Ratio = load customers/s ÷ reference customers/s.
 *
 * Search: listCustomers() — the product's own list function — with a name fragment, a
 * group and stages, sorted by last update, 50 per page plus the capped total. Baseline:
 * fetching the same 50 rows by primary key through the same connection. Each case runs
 * once to warm caches, then the set is timed --runs times; we report the median of the
 * runs' p50/p95. PostgreSQL uses a database it creates (weixi_bench) and drops after;
 * PGlite a temporary data directory.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, freemem, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type Database, type Engine } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { listCustomers, type ListCustomersFilter } from '../src/modules/customers/list-customers.js';
import { buildSearchQuery, filterKey } from '../src/modules/customers/search-fields.js';
import { DemoGenerator } from '../src/modules/demo/generate-demo.js';
import { DEMO_COPY_SQL, DemoBatchWriter, loadDemo, type DemoTable, type LoadDemoResult } from '../src/modules/demo/load-demo.js';
import type { Actor } from '../src/modules/users/actor.js';
import { adminQuery, DEFAULT_ADMIN_URL, log, median, readFlags } from './support.js';

type Options = {
  size: number;
  engines: Engine[];
  queries: number;
  runs: number;
  seed: number;
  adminUrl: string;
  defer: boolean;
  reference: boolean;
  explain: boolean;
  keep: boolean;
  /** Search the database a previous --keep run left (PostgreSQL only); no load, no reference. */
  reuse: boolean;
  json?: string;
};

function parseOptions(argv: string[]): Options {
  const options: Options = {
    size: 1_000_000,
    engines: ['postgres', 'pglite'],
    queries: 240,
    runs: 3,
    seed: 1,
    adminUrl: DEFAULT_ADMIN_URL,
    defer: true,
    reference: true,
    explain: false,
    keep: false,
    reuse: false,
  };
  readFlags(argv, (flag, { value, count }) => {
    if (flag === '--size') options.size = count();
    else if (flag === '--engine') {
      const engine = value();
      if (engine === 'both') options.engines = ['postgres', 'pglite'];
      else if (engine === 'postgres' || engine === 'pglite') options.engines = [engine];
      else throw new Error('--engine is postgres, pglite or both');
    } else if (flag === '--queries') options.queries = count();
    else if (flag === '--runs') options.runs = count();
    else if (flag === '--seed') options.seed = count();
    else if (flag === '--admin-url') options.adminUrl = value();
    else if (flag === '--no-defer') options.defer = false;
    else if (flag === '--skip-reference') options.reference = false;
    else if (flag === '--explain') options.explain = true;
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--reuse') options.reuse = options.keep = true;
    else if (flag === '--json') options.json = value();
    else return false;
    return true;
  });
  if (options.reuse && options.engines.includes('pglite')) throw new Error('--reuse works with --engine postgres only');
  return options;
}

const BENCH_DB = 'weixi_bench';
const NO_HISTORY = { orders: false, investments: false, interactions: false };

function seconds(millis: number): string {
  return `${(millis / 1000).toFixed(1)} s`;
}

function rate(rows: number, millis: number): number {
  return Math.round(rows / (millis / 1000));
}

/** Nearest-rank percentile. */
function percentile(sorted: number[], p: number): number {
  return sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)]!;
}

type Opened = { database: Database; cleanup: () => Promise<void> };

async function openFresh(engine: Engine, options: Options): Promise<Opened> {
  if (engine === 'postgres') {
    if (!options.reuse) {
      await adminQuery(options.adminUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await adminQuery(options.adminUrl, `CREATE DATABASE ${BENCH_DB}`);
    }
    const url = new URL(options.adminUrl);
    url.pathname = `/${BENCH_DB}`;
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    return {
      database,
      cleanup: async () => {
        await database.close();
        if (!options.keep) await adminQuery(options.adminUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-bench-'));
  const database = await openDatabase({ dataDir });
  return {
    database,
    cleanup: async () => {
      await database.close();
      if (options.keep) log(`kept PGlite data dir ${dataDir}`);
      else rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

async function engineVersion(database: Database): Promise<string> {
  const [row] = await database.raw.query<{ version: string }>('SELECT version()');
  return row!.version.split(' on ')[0]!;
}

async function settings(database: Database): Promise<Record<string, string>> {
  const rows = await database.raw.query<{ name: string; setting: string; unit: string | null }>(
    `SELECT name, setting, unit FROM pg_settings
      WHERE name IN ('shared_buffers', 'work_mem', 'maintenance_work_mem', 'max_parallel_workers_per_gather', 'synchronous_commit', 'lc_collate', 'jit')`,
  );
  return Object.fromEntries(rows.map((row) => [row.name, row.unit ? `${row.setting} × ${row.unit}` : row.setting]));
}

type Reference = { millis: number; rows: Record<DemoTable, number> };

/**
 * Raw COPY of exactly the CSV the loader sends, into plain copies of the tables (no
 * indexes, constraints or defaults beyond the columns), timing only the COPY calls.
 */
async function referenceCopy(database: Database, options: Options): Promise<Reference> {
  const tables: [DemoTable, string][] = [['customers', 'customers'], ['groups', 'customer_groups'], ['stageChanges', 'customer_stage_changes']];
  for (const [, table] of tables) await database.raw.exec(`CREATE TABLE bench_plain_${table} (LIKE ${table} INCLUDING DEFAULTS INCLUDING IDENTITY)`);
  const generator = new DemoGenerator({ size: options.size, seed: options.seed });
  const writer = new DemoBatchWriter();
  const rows = { customers: 0, groups: 0, stageChanges: 0, orders: 0, investments: 0, interactions: 0 };
  let millis = 0;
  const batchSize = 20_000;
  for (let start = 0; start < options.size; start += batchSize) {
    for (const bundle of generator.customers(start, start + batchSize, NO_HISTORY)) writer.add(bundle);
    const batch = writer.take();
    const texts = tables.map(([key, table]) => [key, table, batch[key].join('')] as const);
    const started = performance.now();
    for (const [key, table, text] of texts) {
      // Same statement as the loader's, aimed at the plain table.
      await database.raw.copyFromCsv(DEMO_COPY_SQL[key].replace(/^COPY (\w+)/, `COPY bench_plain_${table}`), text);
      rows[key] += batch.rows[key];
    }
    millis += performance.now() - started;
    if ((start / batchSize) % 10 === 9) log(`  reference: ${start + batchSize} customers`);
  }
  for (const [, table] of tables) await database.raw.exec(`DROP TABLE bench_plain_${table}`);
  return { millis, rows };
}

type SearchCase = { label: string; q: string; groupName: string; stages: NonNullable<ListCustomersFilter['stages']> };

// Name fragment + group + stages, as a salesperson filters the list. Common surnames are
// the hard case: 张 or 王 alone match ~7% of all customers.
const SEARCH_CASES: SearchCase[] = [
  { label: '1 char 张 · 普通用户 · current/loyal', q: '张', groupName: '普通用户', stages: ['current', 'loyal'] },
  { label: '1 char 王 · VIP · buyers', q: '王', groupName: 'VIP', stages: ['current', 'loyal', 'churned'] },
  { label: '1 char 李 · 重点客户 · target', q: '李', groupName: '重点客户', stages: ['target'] },
  { label: '1 char 伟 · 普通用户 · current', q: '伟', groupName: '普通用户', stages: ['current'] },
  { label: '2 chars 张伟 · 普通用户 · current/loyal', q: '张伟', groupName: '普通用户', stages: ['current', 'loyal'] },
  { label: '2 chars 王芳 · 老客户 · loyal', q: '王芳', groupName: '老客户', stages: ['loyal'] },
  { label: '2 chars 李娜 · 普通用户 · potential/target', q: '李娜', groupName: '普通用户', stages: ['potential', 'target'] },
  { label: '2 chars 欧阳 · 普通用户 · current', q: '欧阳', groupName: '普通用户', stages: ['current'] },
  { label: 'pinyin zhang · 普通用户 · current', q: 'zhang', groupName: '普通用户', stages: ['current'] },
  { label: 'pinyin wangfang · VIP · current/loyal', q: 'wangfang', groupName: 'VIP', stages: ['current', 'loyal'] },
  { label: 'initials zw · 普通用户 · current/loyal', q: 'zw', groupName: '普通用户', stages: ['current', 'loyal'] },
  { label: 'pinyin li · 重点客户 · current', q: 'li', groupName: '重点客户', stages: ['current'] },
];

type CaseResult = { label: string; total: number; estimate: boolean; p50: number; p95: number; baselineP50: number; baselineP95: number };
type SearchResult = { cases: CaseResult[]; p50: number; p95: number; baselineP50: number; baselineP95: number; runs: { p50: number; p95: number }[] };

async function benchSearch(database: Database, options: Options): Promise<SearchResult> {
  const actor: Actor = { userId: '00000000-0000-0000-0000-000000000000', role: 'admin', regions: [] };
  const groups = new Map(
    (await database.raw.query<{ id: string; name: string }>('SELECT id, name FROM groups')).map((row) => [row.name, row.id]),
  );
  const filters = SEARCH_CASES.map((item) => ({ q: item.q, stages: item.stages, groupIds: [groups.get(item.groupName)!] }));
  const meta: { total: number; estimate: boolean; ids: string[] }[] = [];
  for (const filter of filters) {
    const result = await listCustomers(database.db, actor, filter);
    meta.push({ total: result.total, estimate: result.totalIsEstimate, ids: result.items.map((item) => item.id) });
  }
  const baselineSql = `SELECT id, name, company, title, phones, emails, stage, intent, region, owner_id, tags, birthday,
      birthday_lunar, created_at, updated_at FROM customers WHERE id = ANY($1::uuid[]) ORDER BY updated_at DESC, id DESC`;
  const perCase = SEARCH_CASES.map(() => ({ runs: [] as { p50: number; p95: number; b50: number; b95: number }[] }));
  const runs: { p50: number; p95: number; b50: number; b95: number }[] = [];
  for (let run = 0; run < options.runs; run++) {
    const all: number[] = [];
    const allBaseline: number[] = [];
    const byCase = SEARCH_CASES.map(() => ({ times: [] as number[], baseline: [] as number[] }));
    for (let i = 0; i < options.queries; i++) {
      const index = i % filters.length;
      let started = performance.now();
      await listCustomers(database.db, actor, filters[index]!);
      const elapsed = performance.now() - started;
      started = performance.now();
      await database.raw.query(baselineSql, [meta[index]!.ids]);
      const baseline = performance.now() - started;
      all.push(elapsed);
      allBaseline.push(baseline);
      byCase[index]!.times.push(elapsed);
      byCase[index]!.baseline.push(baseline);
    }
    const sort = (values: number[]): number[] => [...values].sort((a, b) => a - b);
    const stats = (times: number[], baseline: number[]) => {
      const t = sort(times);
      const b = sort(baseline);
      return { p50: percentile(t, 0.5), p95: percentile(t, 0.95), b50: percentile(b, 0.5), b95: percentile(b, 0.95) };
    };
    runs.push(stats(all, allBaseline));
    byCase.forEach((entry, index) => perCase[index]!.runs.push(stats(entry.times, entry.baseline)));
    log(`  search run ${run + 1}: p50 ${runs.at(-1)!.p50.toFixed(1)} ms, p95 ${runs.at(-1)!.p95.toFixed(1)} ms`);
  }
  return {
    cases: SEARCH_CASES.map((item, index) => {
      const caseRuns = perCase[index]!.runs;
      return {
        label: item.label,
        total: meta[index]!.total,
        estimate: meta[index]!.estimate,
        p50: median(caseRuns.map((r) => r.p50)),
        p95: median(caseRuns.map((r) => r.p95)),
        baselineP50: median(caseRuns.map((r) => r.b50)),
        baselineP95: median(caseRuns.map((r) => r.b95)),
      };
    }),
    p50: median(runs.map((r) => r.p50)),
    p95: median(runs.map((r) => r.p95)),
    baselineP50: median(runs.map((r) => r.b50)),
    baselineP95: median(runs.map((r) => r.b95)),
    runs: runs.map((r) => ({ p50: r.p50, p95: r.p95 })),
  };
}

/** EXPLAIN ANALYZE of the SQL listCustomers runs, for the cases given. */
async function explain(database: Database, cases: SearchCase[]): Promise<void> {
  const groups = new Map((await database.raw.query<{ id: string; name: string }>('SELECT id, name FROM groups')).map((row) => [row.name, row.id]));
  for (const item of cases) {
    const search = buildSearchQuery(item.q)!;
    // The same shape of SQL listCustomers builds: required keys, any-of stage keys, recheck.
    const where = `c.search_keys @> $1::text[] AND c.search_keys && $2::text[] AND ($3::text IS NULL OR c.search_text LIKE $3)`;
    const params = [
      [...search.grams, filterKey.group(groups.get(item.groupName)!)],
      item.stages.map(filterKey.stage),
      search.exact ? null : search.pattern,
    ];
    for (const [name, text] of [
      ['page', `SELECT c.id FROM customers c WHERE ${where} ORDER BY c.updated_at DESC, c.id DESC LIMIT 51`],
      ['count', `SELECT count(*) FROM (SELECT FROM customers c WHERE ${where} LIMIT 1001) m`],
    ] as const) {
      const plan = await database.raw.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${text}`, params);
      console.log(`\n-- ${item.label} (${name})\n${plan.map((row) => row['QUERY PLAN']).join('\n')}`);
    }
  }
}

type EngineResult = {
  engine: Engine;
  version: string;
  settings: Record<string, string>;
  /** Absent with --reuse. */
  load?: LoadDemoResult & { customersPerSecond: number };
  reference?: { customersPerSecond: number; millis: number; ratio: number };
  search: SearchResult;
  sizes: Record<string, string>;
  loadavg: { before: number[]; after: number[] };
};

async function benchEngine(engine: Engine, options: Options): Promise<EngineResult> {
  const loadBefore = loadavg();
  log(`${engine}: opening a fresh database`);
  const { database, cleanup } = await openFresh(engine, options);
  try {
    await migrate(database);
    const version = await engineVersion(database);
    const engineSettings = await settings(database);
    let reference: EngineResult['reference'];
    if (options.reference && !options.reuse) {
      log(`${engine}: reference raw COPY of ${options.size} customers' CSV`);
      const ref = await referenceCopy(database, options);
      const perSecond = rate(ref.rows.customers, ref.millis);
      reference = { customersPerSecond: perSecond, millis: ref.millis, ratio: 0 };
      log(`${engine}: reference ${perSecond} customers/s (${seconds(ref.millis)} of COPY)`);
    }
    let loaded: EngineResult['load'];
    if (options.reuse) {
      const [row] = await database.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM customers');
      log(`${engine}: reusing ${BENCH_DB} with ${row!.n} customers (no load)`);
    } else {
      log(`${engine}: loading ${options.size} demo customers`);
      let nextReport = 0;
      const load = await loadDemo(database, {
        size: options.size,
        seed: options.seed,
        parts: NO_HISTORY,
        deferIndexes: options.defer ? 'auto' : false,
        onProgress: (done, total) => {
          if (done >= nextReport) {
            log(`  loaded ${done}/${total}`);
            nextReport += Math.max(1, Math.floor(total / 10));
          }
        },
      });
      loaded = { ...load, customersPerSecond: rate(load.customers, load.millis.total) };
      if (reference) reference.ratio = loaded.customersPerSecond / reference.customersPerSecond;
      log(`${engine}: ${loaded.customersPerSecond} customers/s (${seconds(load.millis.total)})`);
    }
    const [sizes] = await database.raw.query<Record<string, string>>(
      `SELECT pg_size_pretty(pg_relation_size('customers')) AS heap, pg_size_pretty(pg_indexes_size('customers')) AS indexes,
              pg_size_pretty(pg_relation_size('customers_search_keys_idx')) AS search_keys_index`,
    );
    log(`${engine}: search, ${options.runs} × ${options.queries} queries`);
    const search = await benchSearch(database, options);
    if (options.explain) await explain(database, SEARCH_CASES.filter((item) => item.q.length <= 2 || item.q === 'zhang'));
    return { engine, version, settings: engineSettings, load: loaded, reference, search, sizes: sizes!, loadavg: { before: loadBefore, after: loadavg() } };
  } finally {
    await cleanup();
  }
}

function report(results: EngineResult[], options: Options): void {
  const cpu = cpus();
  const lines: string[] = [];
  lines.push(`Customers: load and search — ${options.size.toLocaleString('en-US')} customers, seed ${options.seed}`);
  lines.push(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), Node ${process.version}`);
  for (const result of results) {
    const { load, reference, search } = result;
    if (!load) lines.push(`[${result.engine}] search only (--reuse): no load figures`);
    lines.push('');
    lines.push(`[${result.engine}] ${result.version}; ${Object.entries(result.settings).map(([k, v]) => `${k}=${v}`).join(', ')}`);
    lines.push(`  load average before/after: ${result.loadavg.before.map((v) => v.toFixed(1)).join(' ')} / ${result.loadavg.after.map((v) => v.toFixed(1)).join(' ')}`);
    if (load) lines.push(`  load: ${load.customers} customers (+${load.groupMemberships} group memberships, ${load.stageChanges} stage changes) in ${seconds(load.millis.total)} = ${load.customersPerSecond.toLocaleString('en-US')} customers/s`);
    if (load) lines.push(`        generate+COPY ${seconds(load.millis.load)} (Node generating ${seconds(load.millis.generate)}, waiting for the database ${seconds(load.millis.wait)}), rebuild ${load.deferred} deferred indexes/keys ${seconds(load.millis.restore)}, VACUUM ANALYZE ${seconds(load.millis.analyze)}`);
    if (reference && load) {
      lines.push(`  reference raw COPY of the same CSV into plain tables: ${reference.customersPerSecond.toLocaleString('en-US')} customers/s → ratio ${reference.ratio.toFixed(2)}`);
    }
    lines.push(`  sizes: customers heap ${result.sizes.heap}, its indexes ${result.sizes.indexes} (search_keys GIN ${result.sizes.search_keys_index})`);
    lines.push(`  search via listCustomers (page of 50 + capped count), median of ${options.runs} runs × ${options.queries} queries:`);
    lines.push(`    all: p50 ${search.p50.toFixed(1)} ms, p95 ${search.p95.toFixed(1)} ms; baseline (same 50 rows by primary key) p50 ${search.baselineP50.toFixed(2)} ms, p95 ${search.baselineP95.toFixed(2)} ms → p95 ratio ${(search.p95 / search.baselineP95).toFixed(1)}`);
    for (const item of search.cases) {
      lines.push(`    ${item.label.padEnd(44)} matches ${String(item.total).padStart(6)}${item.estimate ? '+' : ' '}  p50 ${item.p50.toFixed(1).padStart(7)} ms  p95 ${item.p95.toFixed(1).padStart(7)} ms  (baseline p95 ${item.baselineP95.toFixed(2)} ms)`);
    }
  }
  console.log(lines.join('\n'));
  if (options.json) writeFileSync(options.json, JSON.stringify({ options, machine: { cpus: cpu.length, model: cpu[0]?.model, memory: totalmem(), node: process.version }, results }, null, 2));
}

const options = parseOptions(process.argv.slice(2));
const results: EngineResult[] = [];
for (const engine of options.engines) results.push(await benchEngine(engine, options));
report(results, options);

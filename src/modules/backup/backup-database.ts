import { once } from 'node:events';
import { closeSync, fsyncSync, openSync, renameSync, rmSync, statSync, createWriteStream } from 'node:fs';
import { Transform, type Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import type { Database } from '../../db/connect.js';
import { VERSION } from '../../shared/version.js';
import { listSequences, listTables, schemaVersion } from './catalog.js';
import { cancelledError, emptySchemaError, outputIsDirectoryError, outputUnwritableError } from './errors.js';
import { BACKUP_FORMAT, BACKUP_FORMAT_VERSION, CsvRowSplitter, frameLine, type BackupHeader, type TrailerFrame } from './format.js';
import { quoteIdent, withSession } from './session.js';

export type TableProgress = { table: string; rows: number; totalRows: number; bytes: number; done: boolean };

export type BackupOptions = {
  database: Database;
  /** The PostgreSQL URL of `database` (a backup reads on its own connection). */
  databaseUrl?: string;
  /** A file path (written to a temporary name, then renamed), or a stream such as stdout. */
  output: string | Writable;
  onProgress?: (progress: TableProgress) => void;
  /** Target size of one CSV chunk in the file (default 1 MiB). */
  chunkBytes?: number;
  /** PGlite: rows per COPY slice (default 20 000). */
  pgliteSliceRows?: number;
  /** gzip level 1–9 (default 6). */
  compressionLevel?: number;
  /** Stops the backup between chunks (e.g. on Ctrl-C); no file is left behind. */
  signal?: AbortSignal;
};

export type TableSummary = { name: string; rows: number; bytes: number };

export type BackupResult = {
  schemaVersion: string;
  engine: Database['engine'];
  tables: TableSummary[];
  rows: number;
  /** Uncompressed CSV bytes. */
  dataBytes: number;
  /** Bytes written (compressed). */
  fileBytes: number;
  milliseconds: number;
};

/**
 * Writes the whole database to one gzip file (format in docs/backup.md and format.ts),
 * from one read-only repeatable-read transaction: a consistent snapshot even while
 * other instances keep writing.
 */
export async function backupDatabase(options: BackupOptions): Promise<BackupResult> {
  const started = performance.now();
  const chunkBytes = options.chunkBytes ?? 1024 * 1024;
  const file = typeof options.output === 'string' ? options.output : undefined;
  if (file && isDirectory(file)) throw outputIsDirectoryError(file);
  const temporary = file ? `${file}.partial-${process.pid}` : undefined;

  const gzip = createGzip({ level: options.compressionLevel ?? 6 });
  let fileBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      fileBytes += chunk.length;
      callback(null, chunk);
    },
  });
  let sink: Writable;
  if (temporary) {
    try {
      sink = createWriteStream(temporary, { fd: openSync(temporary, 'wx') });
    } catch (error) {
      throw outputUnwritableError(file!, (error as Error).message);
    }
  } else {
    sink = options.output as Writable;
  }
  const written = pipeline(gzip, counter, sink);
  written.catch(() => undefined); // awaited below; this only stops an early failure being "unhandled"

  const write = async (buffer: Buffer) => {
    if (options.signal?.aborted) throw cancelledError('backup');
    if (!gzip.write(buffer)) await Promise.race([once(gzip, 'drain'), written]);
  };

  try {
    const summary = await withSession(options.database, 'snapshot', options, async (session) => {
      const version = await schemaVersion(session);
      if (!version) throw emptySchemaError();
      const tables = await listTables(session);
      const counts: number[] = [];
      for (const table of tables) {
        const [row] = await session.query<{ count: string }>(`SELECT count(*)::text AS count FROM ${table.qualifiedName}`);
        counts.push(Number(row!.count));
      }
      const [server] = await session.query<{ server_version: string }>('SHOW server_version');
      const header: BackupHeader = {
        format: BACKUP_FORMAT,
        formatVersion: BACKUP_FORMAT_VERSION,
        schemaVersion: version,
        createdAt: new Date().toISOString(),
        engine: options.database.engine,
        serverVersion: server?.server_version,
        appVersion: VERSION,
        tables: tables.map((table, index) => ({ name: table.name, columns: table.columns, rows: counts[index]! })),
        sequences: await listSequences(session),
      };
      await write(frameLine(header));

      const done: TableSummary[] = [];
      for (const [index, table] of tables.entries()) {
        const expected = counts[index]!;
        const splitter = new CsvRowSplitter(chunkBytes);
        let rows = 0;
        let bytes = 0;
        const emit = async (chunk: { data: Buffer; rows: number }) => {
          await write(frameLine({ table: table.name, rows: chunk.rows, bytes: chunk.data.length }));
          await write(chunk.data);
          rows += chunk.rows;
          bytes += chunk.data.length;
          options.onProgress?.({ table: table.name, rows, totalRows: expected, bytes, done: false });
        };
        const copied = await session.copyOut(table, async (data) => {
          for (const chunk of splitter.push(data)) await emit(chunk);
        });
        const last = splitter.finish();
        if (last) await emit(last);
        // Same snapshot, so these can only differ if the CSV framing is wrong: never write such a file.
        if (copied !== expected || rows !== expected) {
          throw new Error(`backup of ${quoteIdent(table.name)}: counted ${expected} rows, COPY gave ${copied}, framed ${rows}`);
        }
        done.push({ name: table.name, rows, bytes });
        options.onProgress?.({ table: table.name, rows, totalRows: expected, bytes, done: true });
      }
      const trailer: TrailerFrame = { end: true, tables: done };
      await write(frameLine(trailer));
      return { version, tables: done };
    });
    gzip.end();
    await written;
    if (file && temporary) {
      // A backup is only worth having if it is on disk: sync before it takes the real name.
      const fd = openSync(temporary, 'r+');
      try {
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      renameSync(temporary, file);
    }
    return {
      schemaVersion: summary.version,
      engine: options.database.engine,
      tables: summary.tables,
      rows: summary.tables.reduce((sum, table) => sum + table.rows, 0),
      dataBytes: summary.tables.reduce((sum, table) => sum + table.bytes, 0),
      fileBytes,
      milliseconds: performance.now() - started,
    };
  } catch (error) {
    gzip.destroy();
    await written.catch(() => undefined);
    if (temporary) rmSync(temporary, { force: true });
    throw error;
  }
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

import { createReadStream, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { Database } from '../../db/connect.js';
import { listMigrations } from '../../db/migrate.js';
import { AppError, type Messages } from '../../shared/errors.js';
import { applyMigrations } from '../../db/migrate.js';
import { lockMigrations, tablesSeededByMigrations } from './apply-migrations.js';
import type { TableProgress, TableSummary } from './backup-database.js';
import { dropForBulkLoad, rebuildAfterBulkLoad, restartSequences } from './bulk-load.js';
import { listTables, schemaVersion, SCHEMA, type TableInfo } from './catalog.js';
import {
  backupFileMissingError,
  backupFormatTooNewError,
  backupSchemaTooNewError,
  backupSchemaUnknownError,
  cancelledError,
  corruptBackupError,
  notABackupError,
  restoreFailedError,
  schemaMismatchError,
  targetNotEmptyError,
} from './errors.js';
import {
  BACKUP_FORMAT,
  BACKUP_FORMAT_VERSION,
  backupHeader,
  chunkFrame,
  FrameReader,
  GZIP_MAGIC,
  LineTooLongError,
  trailerFrame,
  UnexpectedEndError,
  type BackupHeader,
} from './format.js';
import { quoteIdent, withSession, type CopyIn, type Session } from './session.js';

export type RestoreOptions = {
  database: Database;
  /** The PostgreSQL URL of `database` (the restore writes on its own connection). */
  databaseUrl?: string;
  /** A file path, or a stream such as stdin. */
  input: string | Readable;
  /** Name of the input in messages (default: the path, or "stdin"). */
  inputName?: string;
  /** Replace whatever the target holds (TRUNCATE) instead of refusing a non-empty target. */
  force?: boolean;
  onProgress?: (progress: TableProgress) => void;
  /** Drop secondary indexes and foreign keys while loading, then rebuild them (default true). */
  deferIndexes?: boolean;
  /** Stops the restore between chunks (e.g. on Ctrl-C); everything is rolled back. */
  signal?: AbortSignal;
};

export type RestoreResult = {
  header: Omit<BackupHeader, 'tables' | 'sequences'>;
  /** The target's schema version before the restore (undefined: never migrated). */
  targetVersionBefore: string | undefined;
  /** Migrations applied before loading (up to the backup's version) and after it. */
  migrationsBefore: string[];
  migrationsAfter: string[];
  tables: TableSummary[];
  rows: number;
  dataBytes: number;
  milliseconds: number;
};

const MAX_HEADER_BYTES = 16 * 1024 * 1024;
const MAX_FRAME_LINE_BYTES = 64 * 1024;

const m = (zh: string, en: string): Messages => ({ 'zh-CN': zh, 'en-US': en });

/**
 * Loads a backup into the database in one transaction: migrate to the backup's schema
 * version, check the target is empty (or TRUNCATE with force), COPY every table, check
 * every count, restart sequences, run newer migrations, commit. Any failure rolls all of
 * it back, schema included.
 */
export async function restoreDatabase(options: RestoreOptions): Promise<RestoreResult> {
  const started = performance.now();
  const name = options.inputName ?? (typeof options.input === 'string' ? options.input : 'stdin');
  const reader = openBackupStream(options.input, name);
  try {
    const header = await readHeader(reader, name);
    const outcome = await withSession(options.database, 'write', options, (session) => load(session, reader, header, name, options)).catch(
      async (error: unknown) => {
        // A damaged file can fail inside COPY (bad UTF-8, a broken row) before gzip's checksum
        // at the end is reached: if the rest of the file is damaged, say that instead.
        if (error instanceof AppError) throw error;
        await drain(reader, name);
        // The server's own words (a foreign key the data breaks, a full disk) name the problem.
        throw restoreFailedError(error instanceof Error ? error.message : String(error), error);
      },
    );
    // Planner statistics for the bulk-loaded tables (PGlite has no autovacuum to do it later).
    if (outcome.tables.length > 0) {
      await options.database.raw.exec(`ANALYZE ${outcome.tables.map((table) => `${quoteIdent(SCHEMA)}.${quoteIdent(table.name)}`).join(', ')}`);
    }
    const { tables: _tables, sequences: _sequences, ...headerInfo } = header;
    return {
      header: headerInfo,
      ...outcome,
      rows: outcome.tables.reduce((sum, table) => sum + table.rows, 0),
      dataBytes: outcome.tables.reduce((sum, table) => sum + table.bytes, 0),
      milliseconds: performance.now() - started,
    };
  } finally {
    await reader.close().catch(() => undefined);
  }
}

/** Reads only the header: what a backup file holds, without touching any database. */
export async function readBackupHeader(input: string | Readable, inputName?: string): Promise<BackupHeader> {
  const name = inputName ?? (typeof input === 'string' ? input : 'stdin');
  const reader = openBackupStream(input, name);
  try {
    return await readHeader(reader, name);
  } finally {
    await reader.close().catch(() => undefined);
  }
}

function openBackupStream(input: string | Readable, name: string): FrameReader {
  let source: Readable;
  if (typeof input === 'string') {
    if (!isFile(input)) throw backupFileMissingError(input);
    source = createReadStream(input, { highWaterMark: 256 * 1024 });
  } else {
    source = input;
  }
  const checked = Readable.from(checkGzipMagic(source, name), { objectMode: false });
  const gunzip = createGunzip({ chunkSize: 256 * 1024 });
  checked.on('error', (error) => gunzip.destroy(error));
  checked.pipe(gunzip);
  return new FrameReader(gunzip, () => {
    gunzip.destroy();
    checked.destroy();
    // The file's descriptor is ours to close; stdin is left to the process.
    if (typeof input === 'string') source.destroy();
  });
}

async function* checkGzipMagic(source: AsyncIterable<Buffer>, name: string): AsyncGenerator<Buffer> {
  let head = Buffer.alloc(0);
  let checked = false;
  for await (const chunk of source) {
    if (checked) {
      yield chunk;
      continue;
    }
    head = Buffer.concat([head, chunk]);
    if (head.length < GZIP_MAGIC.length) continue;
    if (head[0] !== GZIP_MAGIC[0] || head[1] !== GZIP_MAGIC[1]) throw notABackupError(name, m('不是 gzip 压缩文件', 'not gzip-compressed'));
    checked = true;
    yield head;
  }
  if (!checked) throw notABackupError(name, m('文件是空的或太短', 'the file is empty or too short'));
}

/** Turns stream and decompression failures into the errors a person can act on. */
function readError(error: unknown, name: string): unknown {
  if (error instanceof AppError) return error;
  if (error instanceof UnexpectedEndError) return corruptBackupError(name, m('文件提前结束', 'the file ends too early'));
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    const message = (error as Error).message;
    return /unexpected end/i.test(message)
      ? corruptBackupError(name, m('压缩数据不完整（文件被截断）', 'the compressed data is cut short (truncated file)'))
      : corruptBackupError(name, m(`压缩数据损坏（${message}）`, `the compressed data is damaged (${message})`));
  }
  return error;
}

async function guarded<T>(name: string, work: Promise<T>): Promise<T> {
  try {
    return await work;
  } catch (error) {
    throw readError(error, name);
  }
}

/** Reads to the end of the file; throws the corruption error if gzip finds any. */
async function drain(reader: FrameReader, name: string): Promise<void> {
  await guarded(name, reader.skipToEnd());
}

async function readHeader(reader: FrameReader, name: string): Promise<BackupHeader> {
  let line: string | undefined;
  try {
    line = await reader.line(MAX_HEADER_BYTES);
  } catch (error) {
    // Some other gzip file: no first line, or a first line far longer than any header.
    if (error instanceof LineTooLongError || error instanceof UnexpectedEndError) {
      throw notABackupError(name, m('开头没有维系备份的文件头', 'it does not start with a Weixi backup header'));
    }
    throw readError(error, name);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(line ?? '');
  } catch {
    throw notABackupError(name, m('开头没有维系备份的文件头', 'it does not start with a Weixi backup header'));
  }
  const raw = parsed as { format?: unknown; formatVersion?: unknown } | null;
  if (raw?.format !== BACKUP_FORMAT) throw notABackupError(name, m('文件头不是维系备份格式', 'the header is not in the Weixi backup format'));
  if (typeof raw.formatVersion === 'number' && raw.formatVersion > BACKUP_FORMAT_VERSION) {
    throw backupFormatTooNewError(name, raw.formatVersion, BACKUP_FORMAT_VERSION);
  }
  const result = backupHeader.safeParse(parsed);
  if (!result.success) throw corruptBackupError(name, m('文件头内容不完整', 'the header is incomplete'));
  const header = result.data;
  const known = listMigrations().map((migration) => migration.version);
  if (!known.includes(header.schemaVersion)) {
    const latest = known.at(-1);
    throw latest === undefined || header.schemaVersion > latest
      ? backupSchemaTooNewError(name, header.schemaVersion, latest)
      : backupSchemaUnknownError(name, header.schemaVersion);
  }
  const names = new Set(header.tables.map((table) => table.name));
  if (names.size !== header.tables.length || header.tables.some((table) => new Set(table.columns).size !== table.columns.length)) {
    throw corruptBackupError(name, m('文件头里有重复的表或列', 'the header lists a table or column twice'));
  }
  return header;
}

async function load(
  session: Session,
  reader: FrameReader,
  header: BackupHeader,
  name: string,
  options: RestoreOptions,
): Promise<Omit<RestoreResult, 'header' | 'rows' | 'dataBytes' | 'milliseconds'>> {
  await lockMigrations(session);
  const targetVersionBefore = await schemaVersion(session);
  const migrationsBefore = await applyMigrations(session, { upTo: header.schemaVersion });
  const targetVersion = await schemaVersion(session);

  const targetTables = new Map((await listTables(session)).map((table) => [table.name, table]));
  const plan: { info: TableInfo; rows: number }[] = [];
  for (const table of header.tables) {
    const target = targetTables.get(table.name);
    if (!target) throw schemaMismatchError(m(`表 ${table.name}`, `table ${table.name}`), targetVersion, header.schemaVersion);
    const missing = table.columns.find((column) => !target.columns.includes(column));
    if (missing) throw schemaMismatchError(m(`列 ${table.name}.${missing}`, `column ${table.name}.${missing}`), targetVersion, header.schemaVersion);
    plan.push({ info: { ...target, columns: table.columns }, rows: table.rows });
  }

  // Rows that migrations insert (e.g. the default intent levels) are part of an empty database.
  const seeded = tablesSeededByMigrations();
  if (!options.force) {
    for (const table of targetTables.values()) {
      if (seeded.has(table.name)) continue;
      const [row] = await session.query<{ found: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table.qualifiedName}) AS found`);
      if (row?.found) throw targetNotEmptyError(table.name);
    }
  }
  // Tables the backup does not have (the target's schema is newer) are emptied too, except
  // those a migration filled; in one statement, so foreign keys between them do not object.
  const restoredNames = new Set(plan.map((entry) => entry.info.name));
  const extra = [...targetTables.values()].filter((table) => !restoredNames.has(table.name) && !seeded.has(table.name));
  const emptied = [...plan.map((entry) => entry.info), ...extra];
  if (emptied.length > 0) await session.exec(`TRUNCATE ${emptied.map((table) => table.qualifiedName).join(', ')}`);

  // Building an index once and checking a foreign key with one join is several times
  // cheaper than maintaining them row by row; DDL is transactional, so this stays atomic.
  const deferred = options.deferIndexes === false ? [] : await dropForBulkLoad(session, plan.map((entry) => entry.info.name));
  const tables = await loadTables(session, reader, plan, name, options);
  await rebuildAfterBulkLoad(session, deferred);
  await restartSequences(session, header, plan.map((entry) => entry.info));
  const migrationsAfter = await applyMigrations(session);
  return { targetVersionBefore, migrationsBefore, migrationsAfter, tables };
}

async function loadTables(
  session: Session,
  reader: FrameReader,
  plan: { info: TableInfo; rows: number }[],
  name: string,
  options: RestoreOptions,
): Promise<TableSummary[]> {
  const corrupt = (zh: string, en: string) => corruptBackupError(name, m(zh, en));
  const summaries: TableSummary[] = [];
  let index = 0;
  let copy: CopyIn | undefined;
  let rows = 0;
  let bytes = 0;

  const finishTable = async () => {
    const entry = plan[index]!;
    const loaded = copy ? await copy.end() : 0;
    if (rows !== entry.rows || loaded !== entry.rows) {
      throw corrupt(
        `表 ${entry.info.name} 应有 ${entry.rows} 行，文件中有 ${rows} 行，装入 ${loaded} 行`,
        `table ${entry.info.name} should have ${entry.rows} rows; the file holds ${rows} and ${loaded} were loaded`,
      );
    }
    summaries.push({ name: entry.info.name, rows, bytes });
    options.onProgress?.({ table: entry.info.name, rows, totalRows: entry.rows, bytes, done: true });
    index++;
    copy = undefined;
    rows = 0;
    bytes = 0;
  };

  for (;;) {
    if (options.signal?.aborted) throw cancelledError('restore');
    const line = await guarded(name, reader.line(MAX_FRAME_LINE_BYTES));
    if (line === undefined) throw corrupt('文件在结束标记之前就结束了', 'the file ends before its end marker');
    let frame: unknown;
    try {
      frame = JSON.parse(line);
    } catch {
      throw corrupt('数据块标记无法识别', 'a chunk marker is unreadable');
    }
    if ((frame as { end?: unknown } | null)?.end === true) {
      while (index < plan.length) await finishTable();
      const trailer = trailerFrame.safeParse(frame);
      const matches =
        trailer.success &&
        trailer.data.tables.length === summaries.length &&
        trailer.data.tables.every((table, i) => table.name === summaries[i]!.name && table.rows === summaries[i]!.rows && table.bytes === summaries[i]!.bytes);
      if (!matches) throw corrupt('结束标记与文件内容不符', 'the end marker does not match the contents');
      if (!(await guarded(name, reader.atEnd()))) throw corrupt('结束标记之后还有多余数据', 'there is data after the end marker');
      return summaries;
    }
    const chunk = chunkFrame.safeParse(frame);
    if (!chunk.success) throw corrupt('数据块标记无法识别', 'a chunk marker is unreadable');
    while (index < plan.length && plan[index]!.info.name !== chunk.data.table) await finishTable();
    const entry = plan[index];
    if (!entry) throw corrupt(`表 ${chunk.data.table} 的数据出现在意外的位置`, `data for table ${chunk.data.table} is out of place`);
    const data = await guarded(name, reader.bytes(chunk.data.bytes));
    if (rows + chunk.data.rows > entry.rows) {
      throw corrupt(`表 ${entry.info.name} 的行数多于文件头所记`, `table ${entry.info.name} has more rows than its header says`);
    }
    copy ??= session.copyIn(entry.info);
    await copy.write(data);
    rows += chunk.data.rows;
    bytes += data.length;
    options.onProgress?.({ table: entry.info.name, rows, totalRows: entry.rows, bytes, done: false });
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

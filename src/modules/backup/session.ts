import type { Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { from as copyFrom, to as copyTo } from 'pg-copy-streams';
import type { Database, Engine } from '../../db/connect.js';

/**
 * One transaction on one connection, with COPY in both directions. The shared pool in
 * db/connect.ts cannot stream COPY inside a transaction, so on PostgreSQL the backup
 * opens its own client; on PGlite it uses the embedded engine's transaction.
 */
export type CopyTable = {
  /** Quoted, schema-qualified name, e.g. "public"."customers". */
  qualifiedName: string;
  columns: string[];
  /** Primary-key columns (may be empty); PGlite reads in key order, in slices. */
  primaryKey: string[];
  partitioned: boolean;
};

export type CopyIn = {
  /** Loads whole CSV rows. */
  write(rows: Buffer): Promise<void>;
  /** Finishes the COPY; returns the rows the server loaded. */
  end(): Promise<number>;
};

export type Session = {
  engine: Engine;
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  /** Streams a table as CSV; chunks need not end on row boundaries. Returns rows copied. */
  copyOut(table: CopyTable, onChunk: (chunk: Buffer) => Promise<void>): Promise<number>;
  copyIn(table: CopyTable): CopyIn;
};

export type SessionMode = 'snapshot' | 'write';

export type SessionOptions = {
  /** PostgreSQL URL; required when database.engine is 'postgres'. */
  databaseUrl?: string;
  /** PGlite only: rows per COPY slice when reading (keeps each result blob small). */
  pgliteSliceRows?: number;
};

// Settings that make COPY text read and write the same whatever the server or role
// defaults are. The time zone only changes how timestamptz is printed (always with its
// offset); a restore keeps the server's, because it may run migrations.
const INPUT_SETTINGS = `
  SET LOCAL DateStyle = 'ISO, YMD';
  SET LOCAL IntervalStyle = 'postgres';
  SET LOCAL statement_timeout = 0;
  SET LOCAL idle_in_transaction_session_timeout = 0;`;
const OUTPUT_SETTINGS = `${INPUT_SETTINGS}
  SET LOCAL TimeZone = 'UTC';
  SET LOCAL extra_float_digits = 3;
  SET LOCAL bytea_output = 'hex';`;

const CSV_OPTIONS = `(FORMAT csv, HEADER false, ENCODING 'UTF8')`;

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

function columnList(table: CopyTable): string {
  return table.columns.map(quoteIdent).join(', ');
}

function copyOutSql(table: CopyTable, target: string, slice?: { limit: number; offset: number }): string {
  if (slice || table.partitioned) {
    const order = slice ? ` ORDER BY ${table.primaryKey.map(quoteIdent).join(', ')} LIMIT ${slice.limit} OFFSET ${slice.offset}` : '';
    return `COPY (SELECT ${columnList(table)} FROM ${table.qualifiedName}${order}) TO ${target} WITH ${CSV_OPTIONS}`;
  }
  return `COPY ${table.qualifiedName} (${columnList(table)}) TO ${target} WITH ${CSV_OPTIONS}`;
}

function copyInSql(table: CopyTable, source: string): string {
  return `COPY ${table.qualifiedName} (${columnList(table)}) FROM ${source} WITH ${CSV_OPTIONS}`;
}

/** Runs fn in one transaction: a read-only repeatable-read snapshot, or a write transaction. */
export async function withSession<T>(database: Database, mode: SessionMode, options: SessionOptions, fn: (session: Session) => Promise<T>): Promise<T> {
  if (database.engine === 'postgres') {
    if (!options.databaseUrl) throw new Error('withSession: databaseUrl is required for PostgreSQL');
    return withPostgresSession(options.databaseUrl, mode, fn);
  }
  if (!database.pglite) throw new Error('withSession: PGlite database without its engine');
  const sliceRows = options.pgliteSliceRows ?? 20_000;
  return database.pglite.transaction(async (tx) => {
    if (mode === 'snapshot') await tx.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY');
    await tx.exec(mode === 'snapshot' ? OUTPUT_SETTINGS : INPUT_SETTINGS);
    return fn(pgliteSession(tx, sliceRows));
  });
}

function pgliteSession(tx: Transaction, sliceRows: number): Session {
  return {
    engine: 'pglite',
    async query<T>(text: string, params?: unknown[]) {
      return (await tx.query<T>(text, params)).rows;
    },
    async exec(text) {
      await tx.exec(text);
    },
    async copyOut(table, onChunk) {
      // The whole result of one COPY arrives as one blob, so big tables are read in
      // primary-key order, one slice at a time (the transaction keeps slices consistent).
      const sliced = table.primaryKey.length > 0;
      let total = 0;
      for (let offset = 0; ; offset += sliceRows) {
        const sql = copyOutSql(table, `'/dev/blob'`, sliced ? { limit: sliceRows, offset } : undefined);
        const result = await tx.query(sql, [], {});
        const rows = Number(result.affectedRows ?? 0);
        total += rows;
        if (result.blob && result.blob.size > 0) await onChunk(Buffer.from(await result.blob.arrayBuffer()));
        if (!sliced || rows < sliceRows) return total;
      }
    },
    copyIn(table) {
      const sql = copyInSql(table, `'/dev/blob'`);
      let total = 0;
      return {
        async write(rows) {
          const result = await tx.query(sql, [], { blob: new Blob([new Uint8Array(rows.buffer, rows.byteOffset, rows.length) as Uint8Array<ArrayBuffer>]) });
          total += Number(result.affectedRows ?? 0);
        },
        async end() {
          return total;
        },
      };
    },
  };
}

async function withPostgresSession<T>(url: string, mode: SessionMode, fn: (session: Session) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url, application_name: mode === 'snapshot' ? 'weixi backup' : 'weixi restore' });
  // Failures surface through the query that hits them; without a listener an 'error' event
  // from a dropped idle connection would end the process.
  client.on('error', () => undefined);
  await client.connect();
  // While a COPY is unfinished the connection takes no ROLLBACK; client.end() then drops
  // the connection instead, and the server rolls the transaction back.
  let copying = false;
  try {
    await client.query(mode === 'snapshot' ? 'BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY' : 'BEGIN');
    await client.query(mode === 'snapshot' ? OUTPUT_SETTINGS : INPUT_SETTINGS);
    const session: Session = {
      engine: 'postgres',
      async query<T>(text: string, params?: unknown[]) {
        return (await client.query(text, params)).rows as T[];
      },
      async exec(text) {
        await client.query(text);
      },
      async copyOut(table, onChunk) {
        copying = true;
        const stream = client.query(copyTo(copyOutSql(table, 'STDOUT')));
        for await (const chunk of stream) await onChunk(chunk as Buffer);
        copying = false;
        // The data can end before the server's "COPY n" is parsed; the next query on the
        // connection runs only after it, so the row count is set by then.
        await client.query('SELECT 1');
        return stream.rowCount;
      },
      copyIn(table) {
        copying = true;
        const stream = client.query(copyFrom(copyInSql(table, 'STDIN')));
        let failure: Error | undefined;
        stream.on('error', (error) => (failure ??= error));
        const wait = (event: string) =>
          new Promise<void>((resolve, reject) => {
            if (failure) return reject(failure);
            const onError = (error: Error) => {
              stream.off(event, onEvent);
              reject(error);
            };
            const onEvent = () => {
              stream.off('error', onError);
              resolve();
            };
            stream.once(event, onEvent);
            stream.once('error', onError);
          });
        return {
          async write(rows) {
            if (failure) throw failure;
            if (!stream.write(rows)) await wait('drain');
          },
          async end() {
            if (failure) throw failure;
            const finished = wait('finish');
            stream.end();
            await finished;
            copying = false;
            return stream.rowCount;
          },
        };
      },
    };
    const result = await fn(session);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    if (!copying) await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await client.end().catch(() => undefined);
  }
}

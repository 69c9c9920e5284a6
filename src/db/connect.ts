import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './lock-file.js';
import * as schema from './schema.js';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything that can run a query: the database or an open transaction. */
export type Executor = Db | Tx;
export type Engine = 'pglite' | 'postgres';

/** Raw access for what the query builder does not cover (bulk COPY, dumps, admin SQL). */
export type RawSql = {
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  exec(text: string): Promise<void>;
  /** COPY ... FROM STDIN with CSV text; returns rows copied. */
  copyFromCsv(copySql: string, csv: string): Promise<number>;
  /** Run fn on one connection inside BEGIN/COMMIT (simple protocol: multi-statement exec works). */
  transaction<T>(fn: (q: Pick<RawSql, 'query' | 'exec'>) => Promise<T>): Promise<T>;
};

export type Database = {
  engine: Engine;
  db: Db;
  raw: RawSql;
  /** The PGlite data directory, or undefined on PostgreSQL. */
  dataDir?: string;
  /** The embedded engine itself (PGlite only): dumps for backups and test templates. */
  pglite?: PGlite;
  close(): Promise<void>;
};

export type OpenOptions = {
  /** postgres://… — use a PostgreSQL server. Without it, embedded PGlite is used. */
  databaseUrl?: string;
  /** PGlite data directory (default ./data). 'memory://' keeps it in memory (tests). */
  dataDir?: string;
  /** PostgreSQL pool size. */
  poolSize?: number;
  /** Take the exclusive data-directory lock (default true for PGlite on disk). */
  lock?: boolean;
  /** Load a PGlite data dir from a dump (tarball), used to clone test templates fast. */
  loadDataDir?: Blob | File;
};

export async function openDatabase(options: OpenOptions = {}): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options.poolSize ?? 10);
  return openPglite(options);
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: poolSize,
    // The app runs many short queries: JIT compilation and parallel-worker start-up cost
    // more (tens of ms) than they save. Analytics can turn them on per transaction.
    options: '-c jit=off -c max_parallel_workers_per_gather=0',
  });
  pool.on('error', (error) => console.error('PostgreSQL pool error:', error.message));
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  const raw: RawSql = {
    async query(text, params) {
      const result = await pool.query(text, params as unknown[]);
      return result.rows;
    },
    async exec(text) {
      await pool.query(text);
    },
    async copyFromCsv(copySql, csv) {
      const { from } = await import('pg-copy-streams');
      const client = await pool.connect();
      try {
        const stream = client.query(from(copySql));
        await new Promise<void>((resolvePromise, reject) => {
          stream.on('error', reject);
          stream.on('finish', () => resolvePromise());
          stream.end(csv);
        });
        return Number(stream.rowCount ?? 0);
      } finally {
        client.release();
      }
    },
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await fn({
          query: async (text, params) => (await client.query(text, params as unknown[])).rows,
          exec: async (text) => {
            await client.query(text);
          },
        });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
  };
  return { engine: 'postgres', db, raw, close: () => pool.end() };
}

async function openPglite(options: OpenOptions): Promise<Database> {
  const inMemory = options.dataDir === 'memory://';
  let dataDir: string | undefined;
  let lock: DataDirLock | undefined;
  if (!inMemory) {
    dataDir = resolve(options.dataDir ?? './data');
    mkdirSync(dataDir, { recursive: true });
    if (options.lock !== false) lock = acquireDataDirLock(dataDir);
  }
  let client: PGlite;
  try {
    client = await PGlite.create({
      dataDir: inMemory ? undefined : dataDir,
      loadDataDir: options.loadDataDir,
    });
  } catch (error) {
    lock?.release();
    throw error;
  }
  const db = drizzlePglite(client, { schema }) as unknown as Db;
  const raw: RawSql = {
    async query(text, params) {
      const result = await client.query(text, params as unknown[]);
      return result.rows as never[];
    },
    async exec(text) {
      await client.exec(text);
    },
    async copyFromCsv(copySql, csv) {
      const sqlText = copySql.replace(/FROM\s+STDIN/i, "FROM '/dev/blob'");
      const result = await client.query(sqlText, [], { blob: new Blob([csv]) });
      return Number(result.affectedRows ?? 0);
    },
    transaction(fn) {
      return client.transaction((tx) =>
        fn({
          query: async (text, params) => (await tx.query(text, params as unknown[])).rows as never[],
          exec: async (text) => {
            await tx.exec(text);
          },
        }),
      );
    },
  };
  let closed = false;
  return {
    engine: 'pglite',
    db,
    raw,
    dataDir,
    pglite: client,
    async close() {
      if (closed) return;
      closed = true;
      try {
        await client.close();
      } finally {
        lock?.release();
      }
    },
  };
}

/**
 * Runs independent queries together on a pool, one after another inside a transaction
 * (a transaction is one connection, and pg refuses overlapping queries on it).
 */
export async function concurrently<T extends readonly unknown[]>(
  db: Executor,
  ...tasks: { [K in keyof T]: () => Promise<T[K]> }
): Promise<T> {
  if ('rollback' in db) {
    const results: unknown[] = [];
    for (const task of tasks) results.push(await task());
    return results as unknown as T;
  }
  return Promise.all(tasks.map((task) => task())) as unknown as Promise<T>;
}

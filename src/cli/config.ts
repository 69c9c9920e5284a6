import { resolve } from 'node:path';
import { openDatabase, type Database } from '../db/connect.js';
import { migrate } from '../db/migrate.js';

/** Where the data lives: DATABASE_URL (PostgreSQL) or the embedded PGlite directory. */
export type StoreOptions = { databaseUrl?: string; dataDir?: string };

export function resolveStore(options: { dataDir?: string; databaseUrl?: string }): StoreOptions {
  const databaseUrl = options.databaseUrl ?? process.env.DATABASE_URL;
  if (databaseUrl) return { databaseUrl };
  return { dataDir: resolve(options.dataDir ?? process.env.WEIXI_DATA_DIR ?? './data') };
}

export function describeStore(store: StoreOptions): string {
  if (store.databaseUrl) {
    const url = new URL(store.databaseUrl);
    return `PostgreSQL ${url.hostname}:${url.port || 5432}${url.pathname}`;
  }
  return `embedded PGlite in ${store.dataDir}`;
}

/** Opens the store and applies pending migrations. */
export async function openStore(store: StoreOptions): Promise<Database> {
  const database = await openDatabase(store);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    throw error;
  }
  return database;
}

/** Opens the store, runs fn, and always closes it (releasing the data-dir lock). */
export async function withStore<T>(store: StoreOptions, fn: (database: Database) => Promise<T>): Promise<T> {
  const database = await openStore(store);
  try {
    return await fn(database);
  } finally {
    await database.close();
  }
}

/** Adds --data-dir and --database-url to a command. */
export function withStoreOptions<T extends { option(flags: string, description: string): T }>(command: T): T {
  return command
    .option('-d, --data-dir <dir>', 'embedded database directory (env WEIXI_DATA_DIR, default ./data)')
    .option('--database-url <url>', 'PostgreSQL server (env DATABASE_URL)');
}

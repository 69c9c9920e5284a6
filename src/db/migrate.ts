import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Database, RawSql } from './connect.js';

const MIGRATIONS_DIR = join(dirname(fileURLToPath(import.meta.url)), 'migrations');
/**
 * Any fixed number: every instance that starts at once, and a restore, wait on the same
 * lock instead of migrating underneath each other.
 */
export const MIGRATION_LOCK_KEY = 7_041_993;

export type MigrationResult = { applied: string[]; current: string | undefined };

/** Something that runs SQL on one connection inside an open transaction. */
export type MigrationRunner = Pick<RawSql, 'query' | 'exec'>;

export function listMigrations(): { version: string; sql: string }[] {
  return readdirSync(MIGRATIONS_DIR)
    .filter((name) => /^\d{4}_.+\.sql$/.test(name))
    .sort()
    .map((name) => ({ version: name.replace(/\.sql$/, ''), sql: readFileSync(join(MIGRATIONS_DIR, name), 'utf8') }));
}

/**
 * Applies pending migrations (up to and including `upTo`, when given) inside the caller's
 * transaction and records each in schema_migrations.
 */
export async function applyMigrations(q: MigrationRunner, options: { upTo?: string } = {}): Promise<string[]> {
  await q.exec(`CREATE TABLE IF NOT EXISTS schema_migrations (
    version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
  const done = new Set((await q.query<{ version: string }>('SELECT version FROM schema_migrations')).map((row) => row.version));
  const applied: string[] = [];
  for (const migration of listMigrations()) {
    if (options.upTo !== undefined && migration.version > options.upTo) break;
    if (done.has(migration.version)) continue;
    await q.exec(migration.sql);
    await q.query('INSERT INTO schema_migrations (version) VALUES ($1)', [migration.version]);
    applied.push(migration.version);
  }
  return applied;
}

/**
 * Applies pending migrations in one transaction. On PostgreSQL a transaction-scoped
 * advisory lock makes concurrent starts of several instances wait instead of racing.
 */
export async function migrate(database: Database): Promise<MigrationResult> {
  return database.raw.transaction(async (q) => {
    if (database.engine === 'postgres') await q.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await applyMigrations(q);
    return { applied, current: listMigrations().at(-1)?.version };
  });
}

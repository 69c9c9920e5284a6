import { listMigrations, MIGRATION_LOCK_KEY } from '../../db/migrate.js';
import type { Session } from './session.js';

/** Tables that migrations fill with starting data (INSERT INTO … in their SQL). */
export function tablesSeededByMigrations(): Set<string> {
  const seeded = new Set<string>();
  for (const migration of listMigrations()) {
    for (const match of migration.sql.matchAll(/\bINSERT\s+INTO\s+(?:"?public"?\.)?"?(\w+)"?/gi)) seeded.add(match[1]!);
  }
  return seeded;
}

/** A Weixi instance that starts during a restore waits for it to commit instead of migrating underneath it. */
export async function lockMigrations(session: Session): Promise<void> {
  if (session.engine === 'postgres') await session.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK_KEY]);
}

import { listSequenceOwners, SCHEMA, type TableInfo } from './catalog.js';
import type { BackupHeader } from './format.js';
import { quoteIdent, type Session } from './session.js';

/** What a restore does to the target around the COPY: indexes, foreign keys, sequences. */

export type DeferredDdl = { name: string; kind: 'index' | 'foreign_key'; drop: string; create: string };

/** Drops the secondary (non-unique) indexes and the foreign keys of the tables about to be loaded. */
export async function dropForBulkLoad(session: Session, tables: string[]): Promise<DeferredDdl[]> {
  if (tables.length === 0) return [];
  const deferred = await session.query<DeferredDdl>(
    `SELECT i.relname AS name, 'index' AS kind,
            format('DROP INDEX %I.%I', n.nspname, i.relname) AS drop, pg_get_indexdef(i.oid) AS "create"
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = $1 AND t.relname = ANY($2::text[])
        AND NOT x.indisunique AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
     UNION ALL
     SELECT c.conname, 'foreign_key',
            format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, c.conname),
            format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid))
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = $1 AND t.relname = ANY($2::text[])
      ORDER BY 2 DESC, 1`,
    [SCHEMA, tables],
  );
  for (const item of deferred) await session.exec(item.drop);
  return deferred;
}

export async function rebuildAfterBulkLoad(session: Session, deferred: DeferredDdl[]): Promise<void> {
  if (deferred.length === 0) return;
  // Index builds sort in memory up to maintenance_work_mem; PGlite's WebAssembly heap is small.
  await session.exec(`SET LOCAL maintenance_work_mem = '${session.engine === 'postgres' ? '256MB' : '64MB'}'`);
  for (const item of deferred.filter((entry) => entry.kind === 'index')) await session.exec(item.create);
  for (const item of deferred.filter((entry) => entry.kind === 'foreign_key')) await session.exec(item.create);
}

/**
 * Sequences come back where the source left them, and never below what the loaded rows
 * use. ALTER SEQUENCE … RESTART is transactional (setval is not), so a failed restore
 * leaves them as they were.
 */
export async function restartSequences(session: Session, header: BackupHeader, restored: TableInfo[]): Promise<void> {
  const saved = new Map(header.sequences.map((sequence) => [sequence.name, sequence]));
  const restoredNames = new Set(restored.map((table) => table.name));
  for (const owner of await listSequenceOwners(session)) {
    const increment = BigInt(owner.increment);
    const state = saved.get(owner.sequence);
    let next: bigint | undefined = state ? (state.isCalled ? BigInt(state.lastValue) + increment : BigInt(state.lastValue)) : undefined;
    if (owner.table && owner.column && restoredNames.has(owner.table) && increment > 0n) {
      const [row] = await session.query<{ max: string | null }>(
        `SELECT max(${quoteIdent(owner.column)})::text AS max FROM ${quoteIdent(SCHEMA)}.${quoteIdent(owner.table)}`,
      );
      if (row?.max != null) {
        const afterMax = BigInt(row.max) + increment;
        if (next === undefined || next < afterMax) next = afterMax;
      }
    }
    if (next !== undefined) await session.exec(`ALTER SEQUENCE ${quoteIdent(SCHEMA)}.${quoteIdent(owner.sequence)} RESTART WITH ${next}`);
  }
}

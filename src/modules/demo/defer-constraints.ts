import type { Database } from '../../db/connect.js';

/** A secondary index or foreign key set aside during a bulk load, with the SQL to put it back. */
export type DeferredDdl = { table: string; name: string; kind: 'index' | 'foreign_key'; drop: string; create: string };

/**
 * Drops the secondary indexes and foreign keys of those `tables` that are empty, so a
 * bulk COPY into them neither maintains indexes row by row nor runs a foreign-key
 * trigger (a locking look-up) per row. Building an index once over the loaded rows and
 * validating a foreign key with one join are several times cheaper (docs/benchmarks.md).
 * Primary keys and unique indexes stay: they guard the data while it loads.
 * Tables that hold rows are left alone. Returns what was dropped, for restoreDeferred().
 */
export async function deferForBulkLoad(database: Database, tables: readonly string[]): Promise<DeferredDdl[]> {
  const empty: string[] = [];
  for (const table of tables) {
    const rows = await database.raw.query<{ present: boolean }>(`SELECT EXISTS (SELECT 1 FROM ${table}) AS present`);
    if (!rows[0]?.present) empty.push(table);
  }
  if (empty.length === 0) return [];
  const deferred = await database.raw.query<DeferredDdl>(
    `SELECT t.relname AS "table", i.relname AS name, 'index' AS kind,
            format('DROP INDEX %I.%I', n.nspname, i.relname) AS drop, pg_get_indexdef(i.oid) AS "create"
       FROM pg_index x
       JOIN pg_class i ON i.oid = x.indexrelid
       JOIN pg_class t ON t.oid = x.indrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = current_schema() AND t.relname = ANY($1::text[])
        AND NOT x.indisunique AND NOT x.indisprimary
        AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
     UNION ALL
     SELECT t.relname, c.conname, 'foreign_key',
            format('ALTER TABLE %I.%I DROP CONSTRAINT %I', n.nspname, t.relname, c.conname),
            format('ALTER TABLE %I.%I ADD CONSTRAINT %I %s', n.nspname, t.relname, c.conname, pg_get_constraintdef(c.oid))
       FROM pg_constraint c
       JOIN pg_class t ON t.oid = c.conrelid
       JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE c.contype = 'f' AND n.nspname = current_schema() AND t.relname = ANY($1::text[])
      ORDER BY 3, 1, 2`,
    [empty],
  );
  for (const item of deferred) await database.raw.exec(item.drop);
  return deferred;
}

/**
 * Builds the deferred indexes (GIN first: they take longest) and then re-adds the foreign
 * keys, which validates them. On PostgreSQL two statements run at once, one per
 * connection; PGlite has a single connection.
 */
export async function restoreDeferred(database: Database, deferred: readonly DeferredDdl[]): Promise<void> {
  const isGin = (item: DeferredDdl): number => Number(/USING gin/i.test(item.create));
  const indexes = deferred.filter((item) => item.kind === 'index').sort((a, b) => isGin(b) - isGin(a));
  const foreignKeys = deferred.filter((item) => item.kind === 'foreign_key');
  // Index builds sort in memory up to maintenance_work_mem; more means fewer merge passes.
  // PGlite's WebAssembly heap is small, so it gets less.
  const memory = database.engine === 'postgres' ? '1GB' : '128MB';
  const run = async (queue: DeferredDdl[]): Promise<void> => {
    for (let next = queue.shift(); next; next = queue.shift()) {
      const statement = next.create;
      await database.raw.transaction(async (q) => {
        // A setting only applies on the connection that runs the statement.
        await q.exec(`SET LOCAL maintenance_work_mem = '${memory}'`);
        await q.exec(statement);
      });
    }
  };
  const parallel = database.engine === 'postgres' ? 2 : 1;
  await Promise.all(Array.from({ length: parallel }, () => run(indexes)));
  await Promise.all(Array.from({ length: parallel }, () => run(foreignKeys)));
}

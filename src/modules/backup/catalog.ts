import type { BackupSequence } from './format.js';
import { quoteIdent, type CopyTable, type Session } from './session.js';

/**
 * What the database holds, read from pg_catalog rather than from a list in code, so tables
 * added by later migrations are backed up without anyone remembering to add them.
 */
export const SCHEMA = 'public';
/** Migration bookkeeping: restored by re-running migrations, never copied. */
export const EXCLUDED_TABLES = new Set(['schema_migrations']);

export type TableInfo = CopyTable & { name: string };

/** Every table of the schema, parents before the tables that reference them. */
export async function listTables(session: Session): Promise<TableInfo[]> {
  const tables = await session.query<{ name: string; kind: string }>(
    `SELECT c.relname AS name, c.relkind::text AS kind
       FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      ORDER BY c.relname`,
    [SCHEMA],
  );
  // Generated (computed) columns are left out: the target computes them and COPY refuses them.
  const columns = await session.query<{ table: string; column: string }>(
    `SELECT c.relname AS "table", a.attname AS "column"
       FROM pg_attribute a
       JOIN pg_class c ON c.oid = a.attrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind IN ('r', 'p') AND a.attnum > 0 AND NOT a.attisdropped AND a.attgenerated = ''
      ORDER BY c.relname, a.attnum`,
    [SCHEMA],
  );
  const keys = await session.query<{ table: string; column: string }>(
    `SELECT c.relname AS "table", a.attname AS "column"
       FROM pg_index i
       JOIN pg_class c ON c.oid = i.indrelid
       JOIN pg_namespace n ON n.oid = c.relnamespace
       CROSS JOIN LATERAL unnest(i.indkey::int2[]) WITH ORDINALITY AS k(attnum, position)
       JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum = k.attnum
      WHERE n.nspname = $1 AND i.indisprimary
      ORDER BY c.relname, k.position`,
    [SCHEMA],
  );
  const references = await session.query<{ child: string; parent: string }>(
    `SELECT child.relname AS child, parent.relname AS parent
       FROM pg_constraint k
       JOIN pg_class child ON child.oid = k.conrelid
       JOIN pg_namespace cn ON cn.oid = child.relnamespace
       JOIN pg_class parent ON parent.oid = k.confrelid
       JOIN pg_namespace pn ON pn.oid = parent.relnamespace
      WHERE k.contype = 'f' AND cn.nspname = $1 AND pn.nspname = $1
      ORDER BY 1, 2`,
    [SCHEMA],
  );

  const byName = new Map<string, TableInfo>();
  for (const table of tables) {
    if (EXCLUDED_TABLES.has(table.name)) continue;
    byName.set(table.name, {
      name: table.name,
      qualifiedName: `${quoteIdent(SCHEMA)}.${quoteIdent(table.name)}`,
      columns: [],
      primaryKey: [],
      partitioned: table.kind === 'p',
    });
  }
  for (const row of columns) byName.get(row.table)?.columns.push(row.column);
  for (const row of keys) byName.get(row.table)?.primaryKey.push(row.column);
  const parents = new Map<string, Set<string>>();
  for (const row of references) {
    if (row.child === row.parent || !byName.has(row.child) || !byName.has(row.parent)) continue;
    if (!parents.has(row.child)) parents.set(row.child, new Set());
    parents.get(row.child)!.add(row.parent);
  }
  return dependencyOrder([...byName.values()], parents);
}

/**
 * Kahn's algorithm, alphabetical among tables that are ready, so the order is stable.
 * A reference cycle (none exist today) is broken alphabetically; loading such tables
 * needs deferrable constraints.
 */
export function dependencyOrder<T extends { name: string }>(tables: T[], parents: Map<string, Set<string>>): T[] {
  const remaining = new Map(tables.map((table) => [table.name, table]));
  const ordered: T[] = [];
  while (remaining.size > 0) {
    const ready = [...remaining.values()]
      .filter((table) => ![...(parents.get(table.name) ?? [])].some((parent) => remaining.has(parent)))
      .sort((a, b) => a.name.localeCompare(b.name, 'en'));
    const next = ready[0] ?? [...remaining.values()].sort((a, b) => a.name.localeCompare(b.name, 'en'))[0]!;
    ordered.push(next);
    remaining.delete(next.name);
  }
  return ordered;
}

/** Every sequence of the schema with its state (sequences are not transactional: best effort). */
export async function listSequences(session: Session): Promise<BackupSequence[]> {
  const names = await session.query<{ name: string }>(
    `SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = $1 AND c.relkind = 'S' ORDER BY c.relname`,
    [SCHEMA],
  );
  const sequences: BackupSequence[] = [];
  for (const { name } of names) {
    const [state] = await session.query<{ last_value: string; is_called: boolean }>(
      `SELECT last_value::text AS last_value, is_called FROM ${quoteIdent(SCHEMA)}.${quoteIdent(name)}`,
    );
    sequences.push({ name, lastValue: state!.last_value, isCalled: state!.is_called });
  }
  return sequences;
}

export type SequenceOwner = { sequence: string; table: string | null; column: string | null; increment: string; start: string };

/** Every sequence with its step and start, and the column that owns it (identity, serial), if any. */
export async function listSequenceOwners(session: Session): Promise<SequenceOwner[]> {
  return session.query<SequenceOwner>(
    `SELECT s.relname AS sequence, t.relname AS "table", a.attname AS "column",
            q.seqincrement::text AS increment, q.seqstart::text AS start
       FROM pg_class s
       JOIN pg_namespace n ON n.oid = s.relnamespace
       JOIN pg_sequence q ON q.seqrelid = s.oid
       LEFT JOIN pg_depend d ON d.classid = 'pg_class'::regclass AND d.objid = s.oid
                            AND d.refclassid = 'pg_class'::regclass AND d.deptype IN ('a', 'i')
       LEFT JOIN pg_class t ON t.oid = d.refobjid
       LEFT JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid
      WHERE n.nspname = $1 AND s.relkind = 'S'
      ORDER BY s.relname`,
    [SCHEMA],
  );
}

/** The latest migration recorded in the database, or undefined if it was never migrated. */
export async function schemaVersion(session: Session): Promise<string | undefined> {
  const [exists] = await session.query<{ found: boolean }>(
    `SELECT to_regclass($1) IS NOT NULL AS found`,
    [`${quoteIdent(SCHEMA)}.schema_migrations`],
  );
  if (!exists?.found) return undefined;
  const [row] = await session.query<{ version: string | null }>(
    `SELECT max(version) AS version FROM ${quoteIdent(SCHEMA)}.schema_migrations`,
  );
  return row?.version ?? undefined;
}

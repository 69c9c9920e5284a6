import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { concurrently, type Executor } from '../../db/connect.js';
import { decodeCursor, exactTimestamp, invalidCursor, pageOf } from '../../shared/cursor.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { customerAccessKeys, textArray } from './access.js';
import { toCustomerSummary, type CustomerRow, type CustomerSummary } from './customer-view.js';
import { loadCustomerExtras } from './load-customer-extras.js';
import { stages } from './schema.js';
import { buildSearchQuery, filterKey, phoneDigits } from './search-fields.js';

export const sortOptions = ['-updated', 'updated', '-created', 'created', 'name', '-name'] as const;
export type SortOption = (typeof sortOptions)[number];

export const listCustomersFilter = z.strictObject({
  /** Name (substring, full pinyin, initials), company, phone fragment, e-mail. */
  q: z.string().trim().max(100).optional(),
  stages: z.array(z.enum(stages)).max(6).optional(),
  groupIds: z.array(z.uuid()).max(100).optional(),
  tags: z.array(z.string().max(32)).max(50).optional(),
  /** User ids; 'me' is the actor. */
  ownerIds: z.array(z.union([z.uuid(), z.literal('me'), z.literal('none')])).max(100).optional(),
  regions: z.array(z.string().max(64)).max(100).optional(),
  email: z.string().trim().max(254).optional(),
  phone: z.string().trim().max(40).optional(),
  /** Custom-field equality filters: { key: value }. */
  customFields: z.record(z.string().max(64), z.union([z.string().max(200), z.number()])).optional(),
  /** Scores of the latest analysis run (customer_scores): any of the given values. */
  valueTiers: z.array(z.enum(['top', 'middle', 'bottom'])).max(3).optional(),
  rfmSegments: z.array(z.string().max(40)).max(20).optional(),
  riskLevels: z.array(z.enum(['high', 'medium', 'low'])).max(3).optional(),
  sort: z.enum(sortOptions).default('-updated'),
  limit: z.number().int().min(1).max(500).default(50),
  cursor: z.string().max(500).optional(),
});
export type ListCustomersFilter = z.input<typeof listCustomersFilter>;

export type ListCustomersResult = {
  items: CustomerSummary[];
  nextCursor: string | null;
  total: number;
  /** True when there are more matches than COUNT_CAP; total is then the cap. */
  totalIsEstimate: boolean;
};

// Counting every match of a broad filter over a million rows costs more than the page
// itself; past this many, the UI says "1,000+" and the page is found by walking (broadPage).
export const COUNT_CAP = 1_000;

const SORT_COLUMNS: Record<SortOption, { column: string; descending: boolean }> = {
  '-updated': { column: 'updated_at', descending: true },
  updated: { column: 'updated_at', descending: false },
  '-created': { column: 'created_at', descending: true },
  created: { column: 'created_at', descending: false },
  name: { column: 'name_sort', descending: false },
  '-name': { column: 'name_sort', descending: true },
};

/**
 * The WHERE clause. Text grams, stage, region, owner, tags, groups and the staff access
 * scope are all keys of the one GIN index on search_keys: "all of these" becomes one
 * @> condition and each "any of these" list one && condition, which PostgreSQL answers
 * in a single index scan; only the LIKE recheck and custom fields look at rows.
 */
function filterConditions(actor: Actor, filter: z.output<typeof listCustomersFilter>): { conditions: SQL[]; rechecks: SQL[] } {
  const required: string[] = [];
  const anyOf: string[][] = [];
  const conditions: SQL[] = [];
  const rechecks: SQL[] = [];
  const scope = customerAccessKeys(actor);
  if (scope) anyOf.push(scope);
  const search = filter.q ? buildSearchQuery(filter.q) : undefined;
  for (const query of [search, filter.phone ? buildSearchQuery(phoneDigits(filter.phone)) : undefined]) {
    if (!query) continue;
    required.push(...query.grams);
    if (!query.exact || query.grams.length === 0) rechecks.push(sql`customers.search_text LIKE ${query.pattern}`);
  }
  if (filter.stages?.length) anyOf.push(filter.stages.map(filterKey.stage));
  if (filter.groupIds?.length) anyOf.push(filter.groupIds.map(filterKey.group));
  if (filter.tags?.length) anyOf.push(filter.tags.map(filterKey.tag));
  if (filter.regions?.length) anyOf.push(filter.regions.map(filterKey.region));
  if (filter.ownerIds?.length) {
    anyOf.push(filter.ownerIds.map((id) => filterKey.owner(id === 'none' ? null : id === 'me' ? actor.userId : id)));
  }
  for (const keys of anyOf) {
    if (keys.length === 1) required.push(keys[0]!);
    else conditions.push(sql`customers.search_keys && ${textArray(keys)}`);
  }
  if (required.length > 0) conditions.unshift(sql`customers.search_keys @> ${textArray([...new Set(required)])}`);
  if (filter.email) {
    const email = filter.email.toLowerCase();
    conditions.push(email.includes('@') ? sql`customers.contact_keys @> ${textArray([`email:${email}`])}` : sql`customers.search_text LIKE ${`%${email.replace(/[\\%_]/g, '\\$&')}%`}`);
  }
  for (const [key, value] of Object.entries(filter.customFields ?? {})) {
    // Containment matches a single value and also one option of a multi-select.
    const probe = JSON.stringify({ [key]: value });
    const probeArray = JSON.stringify({ [key]: [value] });
    conditions.push(sql`(customers.custom_fields @> ${probe}::jsonb OR customers.custom_fields @> ${probeArray}::jsonb)`);
  }
  const scored: SQL[] = [];
  if (filter.valueTiers?.length) scored.push(sql`cs.value_tier = ANY(${textArray(filter.valueTiers)})`);
  if (filter.rfmSegments?.length) scored.push(sql`cs.rfm_segment = ANY(${textArray(filter.rfmSegments)})`);
  if (filter.riskLevels?.length) scored.push(sql`cs.risk_level = ANY(${textArray(filter.riskLevels)})`);
  // One probe of customer_scores' primary key per candidate row: the plans above stay as they are.
  if (scored.length > 0) conditions.push(sql`EXISTS (SELECT 1 FROM customer_scores cs WHERE cs.customer_id = customers.id AND ${sql.join(scored, sql` AND `)})`);
  if (conditions.length === 0) conditions.push(sql`true`);
  return { conditions, rechecks };
}

/**
 * How many rows, in sort order, a broad filter's page may walk before giving up (about
 * 2 µs a row on PostgreSQL). A walk is expected to fill a page when the filter matches at
 * least limit ÷ WALK_BUDGET of the table; fetching every match and sorting costs a few µs
 * a match. Broad filters walk, narrow ones sort.
 */
export const WALK_BUDGET = 10_000;

type PageQuery = { columns: SQL; where: SQL; order: SQL; limit: number };

function pageSql(query: PageQuery, source: SQL): SQL {
  return sql`SELECT ${query.columns} FROM ${source} WHERE ${query.where} ORDER BY ${query.order} LIMIT ${query.limit}`;
}

type Rows<Row> = { rows: Row[] };

/**
 * The planner's estimate of the filter's matches and of the table's rows. Search keys are
 * chosen so that their frequencies are close to independent (see buildSearchQuery), which
 * keeps this estimate within a small factor of the truth — enough to choose a plan.
 */
async function estimateMatches(db: Executor, where: SQL): Promise<{ matches: number; table: number }> {
  const [plan, size] = await concurrently(
    db,
    () => db.execute(sql`EXPLAIN (FORMAT JSON) SELECT FROM customers WHERE ${where}`) as unknown as Promise<Rows<Record<string, unknown>>>,
    () => db.execute(sql`SELECT reltuples::float8 AS n FROM pg_class WHERE oid = 'customers'::regclass`) as unknown as Promise<Rows<{ n: number }>>,
  );
  const raw = Object.values(plan.rows[0] ?? {})[0];
  const parsed = (typeof raw === 'string' ? JSON.parse(raw) : raw) as { Plan?: { 'Plan Rows'?: number } }[];
  const matches = Number(parsed[0]?.Plan?.['Plan Rows'] ?? 0);
  // reltuples is -1 before the first ANALYZE (PGlite has no autovacuum): then assume broad.
  const table = Math.max(Number(size.rows[0]?.n ?? -1), matches, 1);
  return { matches, table };
}

/**
 * A page of a filter that matches many customers: walk the most recent WALK_BUDGET rows
 * (after the cursor) in sort order through the sort column's B-tree and keep those that
 * match. Left to itself the planner would walk without a bound, which costs seconds when
 * its estimate is too high. When the walk does not fill the page, the plain query (the
 * planner's choice) finishes the job.
 */
async function broadPage<Row>(db: Executor, query: PageQuery, cursorWhere: SQL, walkBudget: number): Promise<Rows<Row>> {
  const recent = sql`(SELECT * FROM customers WHERE ${cursorWhere} ORDER BY ${query.order} LIMIT ${walkBudget}) AS customers`;
  const walked = (await db.execute(pageSql(query, recent))) as unknown as Rows<Row>;
  if (walked.rows.length >= query.limit) return walked;
  return (await db.execute(pageSql(query, sql`customers`))) as unknown as Rows<Row>;
}

/** Tuning knobs; tests force a plan and shrink the walk to exercise its fallback on small data. */
export type ListTuning = { walkBudget?: number; plan?: 'walk' | 'sort' };

export async function listCustomers(db: Executor, actor: Actor, input: ListCustomersFilter, tuning: ListTuning = {}): Promise<ListCustomersResult> {
  const filter = parseInput(listCustomersFilter, input);
  const { conditions, rechecks } = filterConditions(actor, filter);
  const where = sql.join([...conditions, ...rechecks], sql` AND `);
  const sort = SORT_COLUMNS[filter.sort];
  const column = sql.raw(`customers.${sort.column}`);
  const direction = sql.raw(sort.descending ? 'DESC' : 'ASC');
  let cursorWhere = sql`true`;
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor);
    // A timestamp cursor must look like one: a forged value must be a 400, not a failed cast.
    if (sort.column !== 'name_sort' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(cursor.v)) {
      throw invalidCursor();
    }
    const cast = sort.column === 'name_sort' ? sql.raw('text') : sql.raw('timestamptz');
    const comparison = sql.raw(sort.descending ? '<' : '>');
    cursorWhere = sql`(${column}, customers.id) ${comparison} (${cursor.v}::${cast}, ${cursor.id}::uuid)`;
  }
  const query: PageQuery = {
    columns: sql`customers.id, customers.name, customers.company, customers.title, customers.phones, customers.emails, customers.stage, customers.intent, customers.region,
             customers.owner_id AS "ownerId", customers.tags, to_char(customers.birthday, 'YYYY-MM-DD') AS birthday,
             customers.birthday_lunar AS "birthdayLunar", customers.created_at AS "createdAt", customers.updated_at AS "updatedAt",
             ${sort.column === 'name_sort' ? column : exactTimestamp(column)} AS "sortKey"`,
    where: sql`${where} AND ${cursorWhere}`,
    order: sql`${column} ${direction}, customers.id ${direction}`,
    limit: filter.limit + 1,
  };
  type PageRow = Omit<CustomerRow, 'createdAt' | 'updatedAt'> & { createdAt: string | Date; updatedAt: string | Date; sortKey: string };
  const walkBudget = tuning.walkBudget ?? WALK_BUDGET;
  let broad = tuning.plan === 'walk';
  if (!tuning.plan) {
    // The LIKE recheck only confirms what the keys found, but the planner would count it
    // as a further filter (a guess of 1–5%): estimate from the other conditions.
    const { matches, table } = await estimateMatches(db, sql.join(conditions, sql` AND `));
    broad = matches * walkBudget >= query.limit * table;
  }
  // The capped count and the page do not depend on each other: on PostgreSQL they run at
  // once on two connections.
  const [countRows, pageRows] = await concurrently(
    db,
    () => db.execute(sql`SELECT count(*)::int AS n FROM (SELECT FROM customers WHERE ${where} LIMIT ${COUNT_CAP + 1}) matched`) as unknown as Promise<Rows<{ n: number }>>,
    () => (broad ? broadPage<PageRow>(db, query, cursorWhere, walkBudget) : (db.execute(pageSql(query, sql`customers`)) as unknown as Promise<Rows<PageRow>>)),
  );
  const counted = Number(countRows.rows[0]?.n ?? 0);
  const rows = pageRows.rows;
  const { page: pageRowsRaw, nextCursor } = pageOf(rows, filter.limit);
  const page = pageRowsRaw.map((row) => ({ ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) }));
  const { ownerNames, groupsByCustomer } = await loadCustomerExtras(db, page);
  return {
    items: page.map((row) =>
      toCustomerSummary(row, { ownerName: row.ownerId ? (ownerNames.get(row.ownerId) ?? null) : null, groups: groupsByCustomer.get(row.id) ?? [] }),
    ),
    nextCursor,
    total: Math.min(counted, COUNT_CAP),
    totalIsEstimate: counted > COUNT_CAP,
  };
}

import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { concurrently, type Executor } from '../../db/connect.js';
import { decodeCursor, exactTimestamp, invalidCursor, pageOf } from '../../shared/cursor.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { customerAccess, textArray, uuidArray } from './access.js';
import { toCustomerSummary, type CustomerRow, type CustomerSummary } from './customer-view.js';
import { loadCustomerExtras } from './load-customer-extras.js';
import { stages } from './schema.js';
import { buildSearchQuery, phoneDigits } from './search-fields.js';

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
// itself; past this many, the UI says "10,000+".
export const COUNT_CAP = 10_000;

const SORT_COLUMNS: Record<SortOption, { column: string; descending: boolean }> = {
  '-updated': { column: 'updated_at', descending: true },
  updated: { column: 'updated_at', descending: false },
  '-created': { column: 'created_at', descending: true },
  created: { column: 'created_at', descending: false },
  name: { column: 'name_sort', descending: false },
  '-name': { column: 'name_sort', descending: true },
};

function filterConditions(actor: Actor, filter: z.output<typeof listCustomersFilter>): SQL[] {
  const conditions: SQL[] = [customerAccess(actor)];
  const search = filter.q ? buildSearchQuery(filter.q) : undefined;
  if (search) {
    if (search.grams.length > 0) conditions.push(sql`customers.search_grams @> ${textArray(search.grams)}`);
    conditions.push(sql`customers.search_text LIKE ${search.pattern}`);
  }
  if (filter.stages?.length) conditions.push(sql`customers.stage = ANY(${textArray(filter.stages)})`);
  if (filter.groupIds?.length) {
    conditions.push(sql`EXISTS (SELECT 1 FROM customer_groups cg WHERE cg.customer_id = customers.id AND cg.group_id = ANY(${uuidArray(filter.groupIds)}))`);
  }
  if (filter.tags?.length) conditions.push(sql`customers.tags && ${textArray(filter.tags)}`);
  if (filter.ownerIds?.length) {
    const ids = filter.ownerIds.filter((id) => id !== 'none').map((id) => (id === 'me' ? actor.userId : id));
    const parts: SQL[] = [];
    if (ids.length) parts.push(sql`customers.owner_id = ANY(${uuidArray(ids)})`);
    if (filter.ownerIds.includes('none')) parts.push(sql`customers.owner_id IS NULL`);
    conditions.push(sql`(${sql.join(parts, sql` OR `)})`);
  }
  if (filter.regions?.length) conditions.push(sql`customers.region = ANY(${textArray(filter.regions)})`);
  if (filter.email) {
    const email = filter.email.toLowerCase();
    conditions.push(email.includes('@') ? sql`customers.contact_keys @> ${textArray([`email:${email}`])}` : sql`customers.search_text LIKE ${`%${email.replace(/[\\%_]/g, '\\$&')}%`}`);
  }
  if (filter.phone) {
    const phone = buildSearchQuery(phoneDigits(filter.phone));
    if (phone) conditions.push(sql`customers.search_grams @> ${textArray(phone.grams)} AND customers.search_text LIKE ${phone.pattern}`);
  }
  for (const [key, value] of Object.entries(filter.customFields ?? {})) {
    // Containment matches a single value and also one option of a multi-select.
    const probe = JSON.stringify({ [key]: value });
    const probeArray = JSON.stringify({ [key]: [value] });
    conditions.push(sql`(customers.custom_fields @> ${probe}::jsonb OR customers.custom_fields @> ${probeArray}::jsonb)`);
  }
  return conditions;
}

export async function listCustomers(db: Executor, actor: Actor, input: ListCustomersFilter): Promise<ListCustomersResult> {
  const filter = parseInput(listCustomersFilter, input);
  const conditions = filterConditions(actor, filter);
  const where = sql.join(conditions, sql` AND `);
  const sort = SORT_COLUMNS[filter.sort];
  const column = sql.raw(`customers.${sort.column}`);
  const direction = sql.raw(sort.descending ? 'DESC' : 'ASC');
  let pageWhere = where;
  if (filter.cursor) {
    const cursor = decodeCursor(filter.cursor);
    // A timestamp cursor must look like one: a forged value must be a 400, not a failed cast.
    if (sort.column !== 'name_sort' && !/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(cursor.v)) {
      throw invalidCursor();
    }
    const cast = sort.column === 'name_sort' ? sql.raw('text') : sql.raw('timestamptz');
    const comparison = sql.raw(sort.descending ? '<' : '>');
    pageWhere = sql`${where} AND (${column}, customers.id) ${comparison} (${cursor.v}::${cast}, ${cursor.id}::uuid)`;
  }
  const [pageRows, countRows] = await concurrently(
    db,
    () => db.execute(sql`
      SELECT customers.id, customers.name, customers.company, customers.title, customers.phones, customers.emails, customers.stage, customers.intent, customers.region,
             customers.owner_id AS "ownerId", customers.tags, to_char(customers.birthday, 'YYYY-MM-DD') AS birthday,
             customers.birthday_lunar AS "birthdayLunar", customers.created_at AS "createdAt", customers.updated_at AS "updatedAt",
             ${sort.column === 'name_sort' ? column : exactTimestamp(column)} AS "sortKey"
      FROM customers
      WHERE ${pageWhere}
      ORDER BY ${column} ${direction}, customers.id ${direction}
      LIMIT ${filter.limit + 1}`),
    () => db.execute(sql`SELECT count(*)::int AS n FROM (SELECT 1 FROM customers WHERE ${where} LIMIT ${COUNT_CAP + 1}) matched`),
  );
  const rows = (pageRows as unknown as { rows: (Omit<CustomerRow, 'createdAt' | 'updatedAt'> & { createdAt: string | Date; updatedAt: string | Date; sortKey: string })[] }).rows;
  const { page: pageRowsRaw, nextCursor } = pageOf(rows, filter.limit);
  const page = pageRowsRaw.map((row) => ({ ...row, createdAt: new Date(row.createdAt), updatedAt: new Date(row.updatedAt) }));
  const { ownerNames, groupsByCustomer } = await loadCustomerExtras(db, page);
  const counted = Number((countRows as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
  return {
    items: page.map((row) =>
      toCustomerSummary(row, { ownerName: row.ownerId ? (ownerNames.get(row.ownerId) ?? null) : null, groups: groupsByCustomer.get(row.id) ?? [] }),
    ),
    nextCursor,
    total: Math.min(counted, COUNT_CAP),
    totalIsEstimate: counted > COUNT_CAP,
  };
}

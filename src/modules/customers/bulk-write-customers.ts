import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { Actor } from '../users/actor.js';
import { customerAccess, textArray } from './access.js';
import { contactKeys } from './prepare-customer-write.js';
import type { Email, ImportantDate, Phone, Stage } from './schema.js';
import { buildSearchFields, searchKeys, type SearchFields } from './search-fields.js';

/**
 * Set-based writes of many customers at once (imports). Each statement sends one array per
 * column and lets PostgreSQL unnest them, so a batch of thousands of rows costs a handful
 * of round trips. Search fields and contact keys are computed exactly as createCustomer and
 * updateCustomer compute them, so bulk-written customers are found like any other.
 */
export type BulkCustomer = {
  id: string;
  name: string;
  gender: 'male' | 'female' | 'other' | null;
  birthday: string | null;
  birthdayLunar: boolean;
  phones: Phone[];
  emails: Email[];
  wechat: string | null;
  qq: string | null;
  company: string | null;
  title: string | null;
  address: string | null;
  source: string | null;
  ownerId: string | null;
  region: string | null;
  stage: Stage;
  intent: string | null;
  tags: string[];
  importantDates: ImportantDate[];
  customFields: Record<string, unknown>;
  externalId: string | null;
  groupIds: string[];
  /**
   * buildSearchFields() of this row when already computed (imports compute it while the
   * previous batch is being written); must be dropped when name, company, phones, e-mails,
   * WeChat or QQ change.
   */
  search?: SearchFields;
};

/** A customer found by contact key, with what an import needs to merge into it. */
export type MatchedCustomer = BulkCustomer & {
  version: number;
  /** Created before `since` (i.e. not by the running import). */
  existedBefore: boolean;
  /** Within the actor's access scope (customers/access.ts). */
  visible: boolean;
};

type Column = { name: string; type: string; value: (row: BulkCustomer, derived: Derived) => unknown };
type Derived = { nameSort: string; searchText: string; searchKeys: string[]; contactKeys: string[] };

const COLUMNS: Column[] = [
  { name: 'id', type: 'uuid', value: (row) => row.id },
  { name: 'name', type: 'text', value: (row) => row.name },
  { name: 'name_sort', type: 'text', value: (_, d) => d.nameSort },
  { name: 'gender', type: 'text', value: (row) => row.gender },
  { name: 'birthday', type: 'date', value: (row) => row.birthday },
  { name: 'birthday_lunar', type: 'boolean', value: (row) => Boolean(row.birthday && row.birthdayLunar) },
  { name: 'phones', type: 'jsonb', value: (row) => row.phones },
  { name: 'emails', type: 'jsonb', value: (row) => row.emails },
  { name: 'wechat', type: 'text', value: (row) => row.wechat },
  { name: 'qq', type: 'text', value: (row) => row.qq },
  { name: 'company', type: 'text', value: (row) => row.company },
  { name: 'title', type: 'text', value: (row) => row.title },
  { name: 'address', type: 'text', value: (row) => row.address },
  { name: 'source', type: 'text', value: (row) => row.source },
  { name: 'owner_id', type: 'uuid', value: (row) => row.ownerId },
  { name: 'region', type: 'text', value: (row) => row.region },
  { name: 'stage', type: 'text', value: (row) => row.stage },
  { name: 'intent', type: 'text', value: (row) => row.intent },
  { name: 'tags', type: 'text[]', value: (row) => row.tags },
  { name: 'important_dates', type: 'jsonb', value: (row) => row.importantDates },
  { name: 'custom_fields', type: 'jsonb', value: (row) => row.customFields },
  { name: 'search_text', type: 'text', value: (_, d) => d.searchText },
  { name: 'search_keys', type: 'text[]', value: (_, d) => d.searchKeys },
  { name: 'contact_keys', type: 'text[]', value: (_, d) => d.contactKeys },
  { name: 'external_id', type: 'text', value: (row) => row.externalId },
];

function derive(row: BulkCustomer): Derived {
  const search = row.search ?? buildSearchFields(row);
  return {
    nameSort: search.nameSort,
    searchText: search.searchText,
    searchKeys: searchKeys(search.grams, row),
    contactKeys: contactKeys(row),
  };
}

/**
 * `json_to_recordset($1::json) AS u(id uuid, name text, …)` over the rows: the whole batch
 * as one JSON parameter. V8 writes JSON natively and PostgreSQL reads it in one pass (JSON
 * arrays become text[] for array columns), which costs the app far less than escaping one
 * array literal per column, and the jsonb columns travel as JSON without being quoted twice.
 */
function recordset(rows: BulkCustomer[]): SQL {
  const records = rows.map((row) => {
    const derived = derive(row);
    const record: Record<string, unknown> = {};
    for (const column of COLUMNS) record[column.name] = column.value(row, derived) ?? null;
    return record;
  });
  return sql`json_to_recordset(${JSON.stringify(records)}::json) AS u(${RECORD_TYPES})`;
}

const RECORD_TYPES = sql.raw(COLUMNS.map((column) => `${column.name} ${column.type}`).join(', '));
const COLUMN_NAMES = sql.raw(COLUMNS.map((column) => column.name).join(', '));

export async function bulkInsertCustomers(tx: Executor, actor: Actor, rows: BulkCustomer[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.execute(sql`
    INSERT INTO customers (${COLUMN_NAMES}, created_by)
    SELECT ${COLUMN_NAMES}, ${actor.userId}::uuid FROM ${recordset(rows)}`);
  await insertMemberships(tx, rows.flatMap((row) => row.groupIds.map((groupId) => [row.id, groupId] as const)));
  await insertStageChanges(tx, actor, rows.map((row) => ({ customerId: row.id, fromStage: null, toStage: row.stage })));
}

/** Rewrites the given customers whole (every column from the row), bumping version and updated_at. */
export async function bulkUpdateCustomers(tx: Executor, actor: Actor, rows: (BulkCustomer & { previousStage: Stage; addedGroupIds: string[] })[]): Promise<void> {
  if (rows.length === 0) return;
  const assignments = sql.raw(COLUMNS.slice(1).map((column) => `${column.name} = u.${column.name}`).join(', '));
  await tx.execute(sql`
    UPDATE customers SET ${assignments}, updated_at = now(), version = customers.version + 1
      FROM ${recordset(rows)} WHERE customers.id = u.id`);
  await insertMemberships(tx, rows.flatMap((row) => row.addedGroupIds.map((groupId) => [row.id, groupId] as const)));
  const moved = rows.filter((row) => row.stage !== row.previousStage);
  await insertStageChanges(tx, actor, moved.map((row) => ({ customerId: row.id, fromStage: row.previousStage, toStage: row.stage })));
}

async function insertMemberships(tx: Executor, pairs: (readonly [string, string])[]): Promise<void> {
  if (pairs.length === 0) return;
  await tx.execute(sql`
    INSERT INTO customer_groups (customer_id, group_id)
    SELECT * FROM unnest(${sql.param(pairs.map((pair) => pair[0]))}::uuid[], ${sql.param(pairs.map((pair) => pair[1]))}::uuid[])
    ON CONFLICT DO NOTHING`);
}

async function insertStageChanges(tx: Executor, actor: Actor, changes: { customerId: string; fromStage: Stage | null; toStage: Stage }[]): Promise<void> {
  if (changes.length === 0) return;
  await tx.execute(sql`
    INSERT INTO customer_stage_changes (customer_id, from_stage, to_stage, reason, user_id)
    SELECT u.c, u.f, u.t, 'import', ${actor.userId}::uuid
      FROM unnest(${sql.param(changes.map((change) => change.customerId))}::uuid[],
                  ${textArray(changes.map((change) => change.fromStage) as string[])},
                  ${textArray(changes.map((change) => change.toStage))}) AS u(c, f, t)`);
}

/**
 * Customers holding any of the contact keys (tel:…, email:…) or external ids, locked for
 * the caller's transaction. Deliberately not limited to the actor's scope — a duplicate is
 * a duplicate whoever owns it — so each row says whether the actor may see it.
 */
export async function unsafeFindCustomersByContact(
  tx: Executor,
  actor: Actor,
  keys: string[],
  externalIds: string[],
  since: Date,
): Promise<MatchedCustomer[]> {
  if (keys.length === 0 && externalIds.length === 0) return [];
  // One index probe per key (the lateral join): `contact_keys && <thousands of keys>` would
  // compare every candidate row with the whole list, and the planner tends to scan the table.
  const result = (await tx.execute(sql`
    SELECT id, name, gender, birthday::text AS birthday, birthday_lunar AS "birthdayLunar", phones, emails, wechat, qq,
           company, title, address, source, owner_id AS "ownerId", region, stage, intent, tags,
           important_dates AS "importantDates", custom_fields AS "customFields", external_id AS "externalId", version,
           created_at < ${since.toISOString()}::timestamptz AS "existedBefore", ${customerAccess(actor)} AS visible,
           ARRAY(SELECT group_id::text FROM customer_groups g WHERE g.customer_id = customers.id ORDER BY group_id) AS "groupIds"
      FROM customers
     WHERE id IN (SELECT m.id FROM unnest(${textArray(keys)}) AS k(key)
                    CROSS JOIN LATERAL (SELECT c.id FROM customers c WHERE c.contact_keys @> ARRAY[k.key]) m
                  UNION
                  SELECT c.id FROM customers c WHERE c.external_id = ANY(${textArray(externalIds)}))
     ORDER BY id
       FOR UPDATE OF customers`)) as unknown as { rows: MatchedCustomer[] };
  return result.rows;
}

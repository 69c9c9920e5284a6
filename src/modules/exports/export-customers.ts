import type { Writable } from 'node:stream';
import { sql } from 'drizzle-orm';
import { parsePhoneNumberFromString } from 'libphonenumber-js';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { customerAccess, uuidArray } from '../customers/access.js';
import { stageLabels } from '../customers/labels.js';
import { listCustomers, listCustomersFilter, type ListCustomersFilter, type SortOption } from '../customers/list-customers.js';
import type { Email, Phone, Stage } from '../customers/schema.js';
import type { Actor } from '../users/actor.js';
import { openTableWriter, type Cell } from './table-writer.js';
import { openVcardWriter } from './vcard-writer.js';

export const customerExportFormats = ['csv', 'xlsx', 'vcf'] as const;
export type CustomerExportFormat = (typeof customerExportFormats)[number];

/** The list's own filter (any filtered list can be exported), without paging. */
export const exportCustomersFilter = listCustomersFilter.omit({ limit: true, cursor: true });
export type ExportCustomersFilter = z.input<typeof exportCustomersFilter>;

/** Headers the importer recognises (imports/mapping), so an export imports back as it was. */
const HEADER = ['姓名', '手机', '邮箱', '公司', '职务', '地址', '生日', '性别', '微信', 'QQ', '区域', '负责人', '阶段', '意向', '标签', '分组', '来源', '外部编号', '创建时间'];
const GENDER: Record<string, string> = { male: '男', female: '女', other: '其他' };
const PAGE = 500;

type Row = {
  id: string; name: string; phones: Phone[]; emails: Email[]; company: string | null; title: string | null; address: string | null;
  birthday: string | null; gender: string | null; wechat: string | null; qq: string | null; region: string | null;
  owner: string | null; stage: Stage; intent: string | null; tags: string[]; groups: string[]; source: string | null; external_id: string | null; created_at: string;
};

const CN_MOBILE = /^\+861\d{10}$/;

/** +8613800138000 → "+86 138 0013 8000", the way people write it (and the importer reads it back). */
export function displayPhone(phone: Phone): string {
  // Mainland mobiles, most of any Chinese list, spelled out directly: parsing costs ~20 µs a number.
  const text = CN_MOBILE.test(phone.number)
    ? `+86 ${phone.number.slice(3, 6)} ${phone.number.slice(6, 10)} ${phone.number.slice(10)}`
    : (parsePhoneNumberFromString(phone.number)?.formatInternational() ?? phone.number);
  return phone.ext ? `${text} 转 ${phone.ext}` : text;
}

function cells(row: Row): Cell[] {
  return [
    row.name, row.phones.map(displayPhone).join('; '), row.emails.map((email) => email.address).join('; '), row.company, row.title, row.address,
    row.birthday, row.gender ? GENDER[row.gender] : null, row.wechat, row.qq,
    row.region, row.owner, stageLabels[row.stage]['zh-CN'], row.intent, row.tags.join('; '), row.groups.join('; '), row.source, row.external_id, row.created_at,
  ];
}

const COLUMNS = sql`customers.id, customers.name, customers.phones, customers.emails, customers.company, customers.title, customers.address,
  customers.birthday::text AS birthday, customers.gender, customers.wechat, customers.qq, customers.region, u.display_name AS owner, customers.stage,
  customers.intent, customers.tags,
  ARRAY(SELECT g.name FROM customer_groups cg JOIN groups g ON g.id = cg.group_id WHERE cg.customer_id = customers.id ORDER BY g.name) AS groups,
  customers.source, customers.external_id, to_char(customers.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') AS created_at`;

/** One page of the list's ids, with every column an export needs; still within the actor's access. */
async function details(db: Executor, actor: Actor, ids: string[]): Promise<Row[]> {
  const result = (await db.execute(sql`
    SELECT ${COLUMNS} FROM customers LEFT JOIN users u ON u.id = customers.owner_id
     WHERE customers.id = ANY(${uuidArray(ids)}) AND ${customerAccess(actor)}`)) as unknown as { rows: Row[] };
  const byId = new Map(result.rows.map((row) => [row.id, row]));
  return ids.map((id) => byId.get(id)).filter((row): row is Row => row !== undefined);
}

const SORT_COLUMNS: Record<SortOption, { column: string; descending: boolean }> = {
  '-updated': { column: 'updated_at', descending: true }, updated: { column: 'updated_at', descending: false },
  '-created': { column: 'created_at', descending: true }, created: { column: 'created_at', descending: false },
  name: { column: 'name_sort', descending: false }, '-name': { column: 'name_sort', descending: true },
};

type Filter = z.output<typeof exportCustomersFilter>;
// Every filter but the sort is checked, so a filter added to the list later can never be
// dropped here (an export of everyone where the screen showed a few).
const isEmpty = (value: unknown) =>
  value === undefined || value === null || value === '' || (Array.isArray(value) ? value.length === 0 : typeof value === 'object' && Object.keys(value).length === 0);
const isUnfiltered = (filter: Filter) => Object.entries(filter).every(([key, value]) => key === 'sort' || isEmpty(value));

/**
 * Every customer the actor may see, in sort order, by keyset pages of 5,000: the list with
 * no filter is exactly customerAccess(actor), and one indexed walk is ~20× faster than
 * paging through listCustomers 500 at a time (docs/benchmarks.md).
 */
async function* allVisible(db: Executor, actor: Actor, sort: SortOption): AsyncGenerator<Row[]> {
  const { column, descending } = SORT_COLUMNS[sort];
  const order = sql.raw(descending ? `customers.${column} DESC, customers.id DESC` : `customers.${column}, customers.id`);
  let after: { key: string; id: string } | undefined;
  for (;;) {
    const keyset = after
      ? sql`AND (customers.${sql.raw(column)}, customers.id) ${sql.raw(descending ? '<' : '>')} (${after.key}::${sql.raw(column === 'name_sort' ? 'text' : 'timestamptz')}, ${after.id}::uuid)`
      : sql``;
    const result = (await db.execute(sql`
      SELECT ${COLUMNS}, customers.${sql.raw(column)}::text AS sort_key FROM customers LEFT JOIN users u ON u.id = customers.owner_id
       WHERE ${customerAccess(actor)} ${keyset} ORDER BY ${order} LIMIT 5000`)) as unknown as { rows: (Row & { sort_key: string })[] };
    if (result.rows.length > 0) yield result.rows;
    if (result.rows.length < 5000) return;
    const last = result.rows.at(-1)!;
    after = { key: last.sort_key, id: last.id };
  }
}

async function* filteredPages(db: Executor, actor: Actor, filter: Filter): AsyncGenerator<Row[]> {
  let cursor: string | undefined;
  do {
    const page = await listCustomers(db, actor, { ...filter, limit: PAGE, cursor } as ListCustomersFilter);
    yield await details(db, actor, page.items.map((item) => item.id));
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/**
 * Writes every customer of a filtered list, in the list's order, as CSV, XLSX or vCard 3.0.
 * The rows come from listCustomers itself, page by page, so an export holds exactly what
 * the same filter shows on screen (staff: only their customers). Returns the count.
 */
export async function exportCustomers(db: Executor, actor: Actor, input: ExportCustomersFilter, format: CustomerExportFormat, out: Writable): Promise<number> {
  const filter = parseInput(exportCustomersFilter, input);
  const table = format === 'vcf' ? undefined : await openTableWriter(format, out, HEADER, '客户 Customers');
  const cards = format === 'vcf' ? openVcardWriter(out) : undefined;
  let count = 0;
  // A filtered list pages through listCustomers itself, so an export holds exactly what the
  // same filter shows on screen.
  for await (const rows of isUnfiltered(filter) ? allVisible(db, actor, filter.sort) : filteredPages(db, actor, filter)) {
    for (const row of rows) {
      if (table) await table.row(cells(row));
      else await cards!.contact({ ...row, emails: row.emails.map((email) => email.address) });
      count++;
    }
  }
  await (table ?? cards)!.end();
  await writeAudit(db, actor, { action: 'customers.export', entity: 'customers', data: { format, count, filter } });
  return count;
}

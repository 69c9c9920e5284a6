import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import type { Messages } from '../../shared/errors.js';
import { listCustomFieldDefs, type CustomFieldDef } from '../custom-fields/list-custom-fields.js';
import { validateCustomValues } from '../custom-fields/validate-custom-values.js';
import { textArray } from '../customers/access.js';
import { stageLabels } from '../customers/labels.js';
import { stages, type Stage } from '../customers/schema.js';
import type { SearchFields } from '../customers/search-fields.js';
import type { CustomerRecord, CustomerTarget, MappedRow } from './contract.js';
import type { IncomingCustomer } from './plan-customer-batch.js';
import type { ReportRow } from './row-report.js';

/** Names as people write them (owner, intent, stage), resolved once per import run. */
export type NameTables = {
  users: Map<string, string>;
  intents: Map<string, string>;
  stages: Map<string, Stage>;
  customFields: CustomFieldDef[];
};

const fold = (text: string) => text.normalize('NFKC').trim().toLowerCase();

export async function loadNameTables(db: Executor): Promise<NameTables> {
  const users = new Map<string, string>();
  const userRows = (await db.execute(sql`SELECT id, username, display_name FROM users WHERE NOT disabled ORDER BY created_at`)) as unknown as { rows: { id: string; username: string; display_name: string }[] };
  // Display names can repeat; the user name wins, then the earliest account.
  for (const user of userRows.rows) if (!users.has(fold(user.display_name))) users.set(fold(user.display_name), user.id);
  for (const user of userRows.rows) users.set(fold(user.username), user.id);
  const intents = new Map<string, string>();
  const intentRows = (await db.execute(sql`SELECT key, label_zh, label_en FROM intent_levels`)) as unknown as { rows: { key: string; label_zh: string; label_en: string }[] };
  for (const intent of intentRows.rows) for (const name of [intent.key, intent.label_zh, intent.label_en]) intents.set(fold(name), intent.key);
  const stageNames = new Map<string, Stage>();
  for (const stage of stages) for (const name of [stage, stageLabels[stage]['zh-CN'], stageLabels[stage]['en-US']]) stageNames.set(fold(name), stage);
  return { users, intents, stages: stageNames, customFields: await listCustomFieldDefs(db) };
}

/**
 * Ids of the named groups, creating the missing ones inside the caller's transaction
 * (so a group exists exactly when the batch that needed it is committed).
 */
export async function ensureGroups(tx: Executor, names: string[]): Promise<Map<string, string>> {
  const wanted = [...new Set(names.map((name) => name.trim()).filter(Boolean))];
  const ids = new Map<string, string>();
  if (wanted.length === 0) return ids;
  await tx.execute(sql`
    INSERT INTO groups (id, name) SELECT u.id::uuid, u.name FROM unnest(${textArray(wanted.map(() => newId()))}, ${textArray(wanted)}) AS u(id, name)
    ON CONFLICT (lower(name)) DO NOTHING`);
  const rows = (await tx.execute(sql`SELECT id, lower(name) AS name FROM groups WHERE lower(name) = ANY(${textArray(wanted.map((name) => name.toLowerCase()))})`)) as unknown as { rows: { id: string; name: string }[] };
  for (const row of rows.rows) ids.set(row.name, row.id);
  return ids;
}

type Headers = Partial<Record<CustomerTarget, string>>;

/**
 * Turns mapped rows into rows the planner can merge: names resolved to ids, custom fields
 * checked against their definitions. A row with any error is reported and left out.
 */
export function resolveCustomerRows(
  mapped: (MappedRow<CustomerRecord> & { search?: SearchFields })[],
  names: NameTables,
  groupIds: Map<string, string>,
  headers: Headers,
): { rows: IncomingCustomer[]; reports: ReportRow[]; rejected: number } {
  const rows: IncomingCustomer[] = [];
  const reports: ReportRow[] = [];
  let rejected = 0;
  for (const { line, record, errors, search } of mapped) {
    const problems: ReportRow[] = errors.map((error) => ({ kind: 'rejected', line, column: error.column, value: error.value, code: error.code, message: error.message }));
    const fail = (target: CustomerTarget, value: string, code: string, message: Messages) =>
      problems.push({ kind: 'rejected', line, column: headers[target], value, code, message });
    if (record && problems.length === 0) {
      const fields: IncomingCustomer['fields'] = {};
      if (record.name) fields.name = record.name;
      if (record.gender) fields.gender = record.gender;
      if (record.birthday && !record.birthdayYearUnknown) {
        fields.birthday = record.birthday;
        fields.birthdayLunar = record.birthdayLunar ?? false;
      }
      for (const key of ['wechat', 'qq', 'company', 'title', 'address', 'source', 'region', 'externalId'] as const) if (record[key]) fields[key] = record[key];
      if (record.owner) {
        const id = names.users.get(fold(record.owner));
        if (id) fields.ownerId = id;
        else fail('owner', record.owner, 'unknown_owner', { 'zh-CN': '没有这个用户', 'en-US': 'no such user' });
      }
      if (record.intent) {
        const key = names.intents.get(fold(record.intent));
        if (key) fields.intent = key;
        else fail('intent', record.intent, 'unknown_intent', { 'zh-CN': '没有这个意向等级', 'en-US': 'is not a defined intent level' });
      }
      if (record.stage) {
        const stage = names.stages.get(fold(record.stage));
        if (stage) fields.stage = stage;
        else fail('stage', record.stage, 'unknown_stage', { 'zh-CN': '没有这个客户状态', 'en-US': 'is not a customer stage' });
      }
      const custom = validateCustomValues(names.customFields, record.customFields, {}, 'update');
      for (const issue of custom.issues) {
        const key = issue.path.replace(/^customFields\./, '');
        fail(`custom:${key}`, String(record.customFields[key] ?? ''), issue.code, issue.message);
      }
      if (problems.length === 0) {
        rows.push({
          line,
          fields,
          phones: record.phones.map((phone) => (phone.ext ? { number: phone.number, ext: phone.ext } : { number: phone.number })),
          emails: record.emails.map((address) => ({ address })),
          tags: record.tags,
          groupIds: record.groups.map((name) => groupIds.get(name.trim().toLowerCase())).filter((id): id is string => id !== undefined),
          // A birthday without a year (5月1日) is still worth a yearly reminder.
          importantDates: record.birthday && record.birthdayYearUnknown ? [{ label: '生日', date: record.birthday, recurring: true, lunar: record.birthdayLunar ?? false }] : [],
          customFields: custom.values,
          note: record.note,
          search,
        });
        continue;
      }
    }
    if (!record && problems.length === 0) problems.push({ kind: 'rejected', line, code: 'unreadable_row', message: { 'zh-CN': '无法读取该行', 'en-US': 'The row could not be read' } });
    rejected++;
    reports.push(...problems);
  }
  return { rows, reports, rejected };
}

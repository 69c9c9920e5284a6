import type { Messages } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import type { BulkCustomer, MatchedCustomer } from '../customers/bulk-write-customers.js';
import type { Stage } from '../customers/schema.js';
import type { ImportMode, MergePolicy } from './import-options.js';
import type { ReportRow } from './row-report.js';

/** One row of the file, resolved (owner, groups, intent, stage) and ready to merge. */
export type IncomingCustomer = {
  line: number;
  /** Fields the row gives a value for; absent = the row says nothing about it. */
  fields: Partial<Pick<BulkCustomer, (typeof SCALARS)[number]>>;
  phones: BulkCustomer['phones'];
  emails: BulkCustomer['emails'];
  tags: string[];
  groupIds: string[];
  importantDates: BulkCustomer['importantDates'];
  customFields: Record<string, unknown>;
  note?: string;
  /** Search fields computed ahead from the row's own values. */
  search?: BulkCustomer['search'];
};

/** Single-valued fields, merged by the policy; lists (phones, e-mails, tags, groups) are always united. */
export const SCALARS = [
  'name', 'gender', 'birthday', 'birthdayLunar', 'wechat', 'qq', 'company', 'title', 'address', 'source', 'ownerId', 'region', 'stage', 'intent', 'externalId',
] as const;

type Target = {
  row: BulkCustomer;
  isNew: boolean;
  existedBefore: boolean;
  visible: boolean;
  changed: boolean;
  previousStage: Stage;
  addedGroupIds: Set<string>;
  /** Lines merged into it, for the timeline entry of an existing customer. */
  lines: number[];
};

export type BatchPlan = {
  inserts: BulkCustomer[];
  updates: (BulkCustomer & { previousStage: Stage; addedGroupIds: string[]; lines: number[] })[];
  notes: { customerId: string; line: number; text: string }[];
  reports: ReportRow[];
  counts: { created: number; updated: number; unchanged: number; rejected: number };
};

export type PlanOptions = { mode: ImportMode; policy: MergePolicy; defaultOwnerId: string | null };

export const matchKeys = {
  phone: (number: string) => `tel:${number}`,
  email: (address: string) => `email:${address}`,
  external: (id: string) => `ext:${id}`,
};

function keysOf(row: { phones: BulkCustomer['phones']; emails: BulkCustomer['emails']; externalId?: string | null }): string[] {
  const keys = [...row.phones.map((phone) => matchKeys.phone(phone.number)), ...row.emails.map((email) => matchKeys.email(email.address))];
  if (row.externalId) keys.push(matchKeys.external(row.externalId));
  return keys;
}

const reject = (line: number, code: string, message: Messages, matchedId?: string): ReportRow => ({ kind: 'rejected', line, code, message, matchedId });

/**
 * Decides what each row of a batch does, in file order, given the customers in the
 * database its keys match: create, merge into a match (fill empty fields or overwrite), or
 * be refused. A later row matching a customer an earlier row of the same batch created is
 * merged exactly as it would be had that customer been committed by an earlier batch, so a
 * resumed import ends in the same state as an uninterrupted one.
 */
export function planCustomerBatch(rows: IncomingCustomer[], matched: MatchedCustomer[], options: PlanOptions): BatchPlan {
  const byKey = new Map<string, Target>();
  const targets: Target[] = [];
  const register = (target: Target) => {
    for (const key of keysOf(target.row)) if (!byKey.has(key)) byKey.set(key, target);
  };
  for (const customer of matched) {
    const { version: _version, existedBefore, visible, ...row } = customer;
    const target: Target = { row, isNew: false, existedBefore, visible, changed: false, previousStage: row.stage, addedGroupIds: new Set(), lines: [] };
    targets.push(target);
    register(target);
  }
  const plan: BatchPlan = { inserts: [], updates: [], notes: [], reports: [], counts: { created: 0, updated: 0, unchanged: 0, rejected: 0 } };

  for (const incoming of rows) {
    const found = new Set<Target>();
    for (const key of keysOf({ ...incoming, externalId: incoming.fields.externalId })) {
      const target = byKey.get(key);
      if (target) found.add(target);
    }
    if (found.size > 1) {
      plan.counts.rejected++;
      const ids = [...found].map((target) => target.row.id);
      plan.reports.push(reject(incoming.line, 'ambiguous_match', {
        'zh-CN': `电话、邮箱或外部编号分别匹配到多个客户：${ids.join('、')}`,
        'en-US': `Phone, e-mail or external id match different customers: ${ids.join(', ')}`,
      }, ids[0]));
      continue;
    }
    const [target] = [...found];
    if (!target) {
      if (options.mode === 'update-existing') {
        plan.counts.rejected++;
        plan.reports.push(reject(incoming.line, 'no_match', { 'zh-CN': '没有匹配的已有客户（仅更新模式）', 'en-US': 'No existing customer matches (update-existing mode)' }));
        continue;
      }
      if (!incoming.fields.name) {
        plan.counts.rejected++;
        plan.reports.push(reject(incoming.line, 'name_required', { 'zh-CN': '新客户必须有姓名', 'en-US': 'A new customer needs a name' }));
        continue;
      }
      const created = createTarget(incoming, options.defaultOwnerId);
      targets.push(created);
      register(created);
      plan.counts.created++;
      if (incoming.note) plan.notes.push({ customerId: created.row.id, line: incoming.line, text: incoming.note });
      continue;
    }
    if (!target.visible) {
      plan.counts.rejected++;
      plan.reports.push(reject(incoming.line, 'not_accessible', { 'zh-CN': '匹配到的客户不在您的权限范围内', 'en-US': 'The matching customer is outside your access' }));
      continue;
    }
    if (options.mode === 'create-only') {
      plan.counts.rejected++;
      plan.reports.push(reject(incoming.line, 'duplicate', { 'zh-CN': `与已有客户重复：${target.row.name}`, 'en-US': `Duplicate of an existing customer: ${target.row.name}` }, target.row.id));
      continue;
    }
    const changed = mergeInto(target, incoming, options.policy);
    if (changed) {
      target.changed = true;
      target.lines.push(incoming.line);
      register(target);
    }
    plan.counts[changed ? 'updated' : 'unchanged']++;
    if (!target.existedBefore) {
      plan.reports.push({ kind: 'duplicate', line: incoming.line, code: 'duplicate_in_file', matchedId: target.row.id, message: {
        'zh-CN': `与文件中前面的行是同一客户（${target.row.name}），已合并`,
        'en-US': `Same customer as an earlier row (${target.row.name}); merged`,
      } });
    }
  }
  for (const target of targets) {
    if (target.isNew) plan.inserts.push(target.row);
    else if (target.changed) plan.updates.push({ ...target.row, previousStage: target.previousStage, addedGroupIds: [...target.addedGroupIds], lines: target.lines });
  }
  return plan;
}

function createTarget(incoming: IncomingCustomer, defaultOwnerId: string | null): Target {
  const f = incoming.fields;
  const row: BulkCustomer = {
    id: newId(),
    name: f.name!,
    gender: f.gender ?? null,
    birthday: f.birthday ?? null,
    birthdayLunar: f.birthdayLunar ?? false,
    phones: incoming.phones,
    emails: incoming.emails,
    wechat: f.wechat ?? null,
    qq: f.qq ?? null,
    company: f.company ?? null,
    title: f.title ?? null,
    address: f.address ?? null,
    source: f.source ?? null,
    ownerId: f.ownerId === undefined ? defaultOwnerId : f.ownerId,
    region: f.region ?? null,
    stage: f.stage ?? 'potential',
    intent: f.intent ?? null,
    tags: [...new Set(incoming.tags)],
    importantDates: incoming.importantDates,
    customFields: incoming.customFields,
    externalId: f.externalId ?? null,
    groupIds: [...new Set(incoming.groupIds)],
    search: incoming.search,
  };
  return { row, isNew: true, existedBefore: false, visible: true, changed: false, previousStage: row.stage, addedGroupIds: new Set(), lines: [] };
}

const isEmpty = (value: unknown) => value === null || value === undefined || value === '';

/** Merges a row into a customer; returns whether anything changed. */
function mergeInto(target: Target, incoming: IncomingCustomer, policy: MergePolicy): boolean {
  const row = target.row;
  const scalars = row as unknown as Record<string, unknown>;
  let changed = false;
  for (const field of SCALARS) {
    const value = incoming.fields[field];
    if (field === 'birthdayLunar' || value === undefined || isEmpty(value)) continue;
    // A stage always has a value ('potential' by default), so filling "empty" never moves it.
    const fill = policy === 'overwrite' || (isEmpty(scalars[field]) && field !== 'stage');
    if (!fill) continue;
    // The lunar flag belongs to the birthday it came with.
    const lunar = field === 'birthday' ? (incoming.fields.birthdayLunar ?? false) : row.birthdayLunar;
    if (scalars[field] !== value || row.birthdayLunar !== lunar) {
      scalars[field] = value;
      row.birthdayLunar = lunar;
      changed = true;
    }
  }
  for (const phone of incoming.phones) {
    if (!row.phones.some((p) => p.number === phone.number && (p.ext ?? '') === (phone.ext ?? ''))) {
      row.phones = [...row.phones, phone];
      changed = true;
    }
  }
  for (const email of incoming.emails) {
    if (!row.emails.some((e) => e.address === email.address)) {
      row.emails = [...row.emails, email];
      changed = true;
    }
  }
  for (const tag of incoming.tags) {
    if (!row.tags.includes(tag)) {
      row.tags = [...row.tags, tag];
      changed = true;
    }
  }
  for (const groupId of incoming.groupIds) {
    if (!row.groupIds.includes(groupId)) {
      row.groupIds = [...row.groupIds, groupId];
      if (!target.isNew) target.addedGroupIds.add(groupId);
      changed = true;
    }
  }
  for (const date of incoming.importantDates) {
    if (!row.importantDates.some((d) => d.label === date.label && d.date === date.date && d.lunar === date.lunar)) {
      row.importantDates = [...row.importantDates, date];
      changed = true;
    }
  }
  for (const [key, value] of Object.entries(incoming.customFields)) {
    const current = row.customFields[key];
    if (isEmpty(value)) continue;
    if ((policy === 'overwrite' || isEmpty(current)) && JSON.stringify(current) !== JSON.stringify(value)) {
      row.customFields = { ...row.customFields, [key]: value };
      changed = true;
    }
  }
  // Name, company or contacts may have changed: search fields are computed again on write.
  if (changed) row.search = undefined;
  return changed;
}

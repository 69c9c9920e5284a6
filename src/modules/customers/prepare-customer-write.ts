import { inArray, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ValidationError, type FieldIssue } from '../../shared/errors.js';
import type { CountryCode } from 'libphonenumber-js';
import { normalizePhone } from '../../shared/phones.js';
import { getCompanySettings } from '../settings/company-settings.js';
import { listCustomFieldDefs } from '../custom-fields/list-custom-fields.js';
import { validateCustomValues } from '../custom-fields/validate-custom-values.js';
import { groups } from '../groups/schema.js';
import { users } from '../users/schema.js';
import type { CreateCustomerInput, UpdateCustomerInput } from './customer-input.js';
import { intentLevels, type Email, type Phone } from './schema.js';

type Parsed = Partial<Omit<CreateCustomerInput, 'phones' | 'emails'>> & {
  phones?: { label?: string; number: string; ext?: string }[];
  emails?: { label?: string; address: string }[];
};

export type PreparedFields = {
  phones?: Phone[];
  emails?: Email[];
  customFields?: Record<string, unknown>;
  tags?: string[];
};

/**
 * Checks what the schema alone cannot (phone numbers, references to owners, groups,
 * intent levels, custom-field definitions) and normalises values for storage. All
 * problems are collected so one 400 names every bad field.
 */
export async function prepareCustomerWrite(
  db: Executor,
  input: Parsed & Pick<UpdateCustomerInput, 'expectedVersion'>,
  existingCustomFields: Record<string, unknown>,
  mode: 'create' | 'update',
): Promise<PreparedFields> {
  const issues: FieldIssue[] = [];
  const prepared: PreparedFields = {};

  if (input.phones) {
    const { phoneRegion } = await getCompanySettings(db);
    const seen = new Set<string>();
    prepared.phones = [];
    input.phones.forEach((phone, index) => {
      const normalized = normalizePhone(phone.number, phoneRegion as CountryCode);
      if (!normalized) {
        issues.push({ path: `phones.${index}.number`, code: 'invalid_phone', message: { 'zh-CN': '不是有效的电话号码', 'en-US': 'is not a valid phone number' } });
        return;
      }
      const ext = phone.ext ?? normalized.ext;
      const key = `${normalized.number};${ext ?? ''}`;
      if (seen.has(key)) return;
      seen.add(key);
      prepared.phones!.push({ ...(phone.label ? { label: phone.label } : {}), number: normalized.number, ...(ext ? { ext } : {}) });
    });
  }
  if (input.emails) {
    const seen = new Set<string>();
    prepared.emails = input.emails
      .map((email) => ({ ...(email.label ? { label: email.label } : {}), address: email.address.trim().toLowerCase() }))
      .filter((email) => !seen.has(email.address) && seen.add(email.address));
  }
  if (input.tags) prepared.tags = [...new Set(input.tags)];

  if (input.ownerId) {
    const found = await db.select({ id: users.id }).from(users).where(eq(users.id, input.ownerId));
    if (found.length === 0) issues.push({ path: 'ownerId', code: 'unknown_user', message: { 'zh-CN': '负责人不存在', 'en-US': 'no such user' } });
  }
  if (input.intent) {
    const found = await db.select({ key: intentLevels.key }).from(intentLevels).where(eq(intentLevels.key, input.intent));
    if (found.length === 0) issues.push({ path: 'intent', code: 'unknown_intent', message: { 'zh-CN': '没有这个意向等级', 'en-US': 'is not a defined intent level' } });
  }
  if (input.groupIds && input.groupIds.length > 0) {
    const wanted = [...new Set(input.groupIds)];
    const found = new Set((await db.select({ id: groups.id }).from(groups).where(inArray(groups.id, wanted))).map((row) => row.id));
    input.groupIds.forEach((id, index) => {
      if (!found.has(id)) issues.push({ path: `groupIds.${index}`, code: 'unknown_group', message: { 'zh-CN': '分组不存在', 'en-US': 'no such group' } });
    });
  }
  if (input.customFields || mode === 'create') {
    const defs = await listCustomFieldDefs(db);
    const checked = validateCustomValues(defs, input.customFields ?? {}, existingCustomFields, mode);
    issues.push(...checked.issues);
    prepared.customFields = checked.values;
  }
  if (issues.length > 0) throw new ValidationError(issues);
  return prepared;
}

/** Exact keys used to find duplicates: E.164 phones, lower-cased e-mails, WeChat and QQ ids. */
export function contactKeys(fields: { phones: Phone[]; emails: Email[]; wechat: string | null; qq: string | null }): string[] {
  const keys = [
    ...fields.phones.map((phone) => `tel:${phone.number}`),
    ...fields.emails.map((email) => `email:${email.address}`),
  ];
  if (fields.wechat) keys.push(`wechat:${fields.wechat.toLowerCase()}`);
  if (fields.qq) keys.push(`qq:${fields.qq}`);
  return [...new Set(keys)];
}

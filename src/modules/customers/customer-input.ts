import { z } from 'zod';
import { bilingual, matching } from '../../shared/zod-issues.js';
import { genders, stages } from './schema.js';

/** Input schemas shared by the API, the CLI and the use cases (one schema per purpose). */

const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();

export const isoDate = z.iso.date();

const pastDate = isoDate.refine(
  (value) => value >= '1900-01-01' && value <= new Date().toISOString().slice(0, 10),
  bilingual('日期须在 1900-01-01 与今天之间', 'must be between 1900-01-01 and today'),
);

export const phoneInput = z.strictObject({
  label: z.string().trim().max(32).optional(),
  number: z.string().trim().min(1).max(40),
  /** An extension (分机); may also be written in the number, e.g. "0571-88881234 转 806". */
  ext: matching(z.string().trim(), /^\d{1,8}$/, '分机号应为 1–8 位数字', 'must be 1–8 digits').optional(),
});

export const emailInput = z.strictObject({
  label: z.string().trim().max(32).optional(),
  address: z.string().trim().max(254).pipe(z.email()),
});

export const importantDateInput = z.strictObject({
  label: z.string().trim().min(1).max(64),
  date: isoDate,
  recurring: z.boolean().default(true),
  lunar: z.boolean().default(false),
});

export const tagInput = z.string().trim().min(1).max(32);

export const customFieldValue = z.union([
  z.string().max(2000),
  z.number(),
  z.array(z.string().max(200)).max(100),
  z.null(),
]);

const customerFields = {
  name: z.string().trim().min(1).max(100),
  gender: z.enum(genders).nullable().optional(),
  birthday: pastDate.nullable().optional(),
  birthdayLunar: z.boolean().optional(),
  phones: z.array(phoneInput).max(20).optional(),
  emails: z.array(emailInput).max(20).optional(),
  wechat: matching(z.string().trim().max(64), /^[\w.-]*$/, '只能包含字母、数字、下划线、点和减号', 'may contain only letters, digits, _ . and -').nullable().optional(),
  qq: matching(z.string().trim(), /^\d{5,12}$/, '应为 5–12 位数字', 'must be 5–12 digits').nullable().optional(),
  company: optionalText(200),
  title: optionalText(100),
  address: optionalText(500),
  source: optionalText(100),
  ownerId: z.uuid().nullable().optional(),
  region: optionalText(64),
  stage: z.enum(stages).optional(),
  /** Why the stage changed; kept in the stage history. */
  stageReason: z.string().trim().max(500).optional(),
  intent: z.string().trim().max(64).nullable().optional(),
  tags: z.array(tagInput).max(50).optional(),
  groupIds: z.array(z.uuid()).max(100).optional(),
  importantDates: z.array(importantDateInput).max(50).optional(),
  customFields: z.record(z.string().max(64), customFieldValue).optional(),
};

export const createCustomerInput = z.strictObject(customerFields);
export type CreateCustomerInput = z.input<typeof createCustomerInput>;

export const updateCustomerInput = z.strictObject({
  ...customerFields,
  name: customerFields.name.optional(),
  /** Optimistic concurrency: reject the update if someone else changed the customer since. */
  expectedVersion: z.number().int().positive().optional(),
});
export type UpdateCustomerInput = z.input<typeof updateCustomerInput>;

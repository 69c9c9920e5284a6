import { z } from 'zod';
import { stages, genders } from './schema.js';
import { lunarBirthdayText } from '../../shared/lunar.js';

/** What the API returns for a customer; responses are validated against these. */

const group = z.object({ id: z.uuid(), name: z.string(), color: z.string().nullable() });

export const customerSummaryView = z.object({
  id: z.uuid(),
  name: z.string(),
  company: z.string().nullable(),
  title: z.string().nullable(),
  phones: z.array(z.object({ label: z.string().optional(), number: z.string(), ext: z.string().optional() })),
  emails: z.array(z.object({ label: z.string().optional(), address: z.string() })),
  stage: z.enum(stages),
  intent: z.string().nullable(),
  region: z.string().nullable(),
  ownerId: z.uuid().nullable(),
  ownerName: z.string().nullable(),
  tags: z.array(z.string()),
  groups: z.array(group),
  birthday: z.string().nullable(),
  birthdayLunar: z.boolean(),
  /** The lunar birthday in Chinese (e.g. 闰五月初三) when the customer celebrates it. */
  birthdayLunarText: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});
export type CustomerSummary = z.infer<typeof customerSummaryView>;

export const stageChangeView = z.object({
  fromStage: z.enum(stages).nullable(),
  toStage: z.enum(stages),
  reason: z.string().nullable(),
  userId: z.string().nullable(),
  userName: z.string().nullable(),
  at: z.string(),
});

export const customerView = customerSummaryView.extend({
  gender: z.enum(genders).nullable(),
  wechat: z.string().nullable(),
  qq: z.string().nullable(),
  address: z.string().nullable(),
  source: z.string().nullable(),
  importantDates: z.array(z.object({ label: z.string(), date: z.string(), recurring: z.boolean(), lunar: z.boolean() })),
  customFields: z.record(z.string(), z.unknown()),
  version: z.number().int(),
  stageHistory: z.array(stageChangeView),
});
export type CustomerView = z.infer<typeof customerView>;

export type CustomerRow = {
  id: string;
  name: string;
  company: string | null;
  title: string | null;
  phones: CustomerSummary['phones'];
  emails: CustomerSummary['emails'];
  stage: CustomerSummary['stage'];
  intent: string | null;
  region: string | null;
  ownerId: string | null;
  tags: string[];
  birthday: string | null;
  birthdayLunar: boolean;
  createdAt: Date;
  updatedAt: Date;
};

export function toCustomerSummary(
  row: CustomerRow,
  extra: { ownerName: string | null; groups: CustomerSummary['groups'] },
): CustomerSummary {
  return {
    id: row.id,
    name: row.name,
    company: row.company,
    title: row.title,
    phones: row.phones,
    emails: row.emails,
    stage: row.stage,
    intent: row.intent,
    region: row.region,
    ownerId: row.ownerId,
    ownerName: extra.ownerName,
    tags: row.tags,
    groups: extra.groups,
    birthday: row.birthday,
    birthdayLunar: row.birthdayLunar,
    birthdayLunarText: row.birthday && row.birthdayLunar ? lunarBirthdayText(row.birthday) : null,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

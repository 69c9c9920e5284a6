import { bigint, boolean, date, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** The six lifecycle states of DOMAIN.md, in the order a customer usually moves. */
export const stages = ['non_customer', 'potential', 'target', 'current', 'loyal', 'churned'] as const;
export type Stage = (typeof stages)[number];
export const genders = ['male', 'female', 'other'] as const;

export type Phone = { label?: string; number: string; ext?: string };
export type Email = { label?: string; address: string };
export type ImportantDate = { label: string; date: string; recurring: boolean; lunar: boolean };

export const customers = pgTable('customers', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  nameSort: text('name_sort').notNull(),
  gender: text('gender', { enum: genders }),
  birthday: date('birthday', { mode: 'string' }),
  birthdayLunar: boolean('birthday_lunar').notNull().default(false),
  phones: jsonb('phones').$type<Phone[]>().notNull().default([]),
  emails: jsonb('emails').$type<Email[]>().notNull().default([]),
  wechat: text('wechat'),
  qq: text('qq'),
  company: text('company'),
  title: text('title'),
  address: text('address'),
  source: text('source'),
  ownerId: uuid('owner_id'),
  region: text('region'),
  stage: text('stage', { enum: stages }).notNull().default('potential'),
  intent: text('intent'),
  tags: text('tags').array().notNull().default([]),
  importantDates: jsonb('important_dates').$type<ImportantDate[]>().notNull().default([]),
  customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
  searchText: text('search_text').notNull().default(''),
  searchKeys: text('search_keys').array().notNull().default([]),
  contactKeys: text('contact_keys').array().notNull().default([]),
  /** The customer's id in another system; imports match on it (migration 0004). */
  externalId: text('external_id'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  version: integer('version').notNull().default(1),
});

export const customerStageChanges = pgTable(
  'customer_stage_changes',
  {
    id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
    customerId: uuid('customer_id').notNull(),
    fromStage: text('from_stage'),
    toStage: text('to_stage').notNull(),
    reason: text('reason'),
    userId: uuid('user_id'),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.id] })],
);

export const intentLevels = pgTable('intent_levels', {
  key: text('key').primaryKey(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  rank: integer('rank').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

import { boolean, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const customFieldTypes = ['text', 'number', 'date', 'select', 'multiselect'] as const;
export type CustomFieldType = (typeof customFieldTypes)[number];

export const customFieldDefs = pgTable('custom_field_defs', {
  id: uuid('id').primaryKey(),
  key: text('key').notNull(),
  labelZh: text('label_zh').notNull(),
  labelEn: text('label_en').notNull(),
  type: text('type', { enum: customFieldTypes }).notNull(),
  options: jsonb('options').$type<string[]>().notNull().default([]),
  required: boolean('required').notNull().default(false),
  maxLength: integer('max_length'),
  position: integer('position').notNull().default(0),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

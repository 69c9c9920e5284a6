import { jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const interactionKinds = [
  'note', 'call', 'visit', 'meeting', 'email', 'sms', 'wechat', 'purchase', 'complaint', 'system',
] as const;
export type InteractionKind = (typeof interactionKinds)[number];

export const interactions = pgTable(
  'interactions',
  {
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind', { enum: interactionKinds }).notNull(),
    channel: text('channel'),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    authorId: uuid('author_id'),
    subject: text('subject'),
    bodyHtml: text('body_html').notNull().default(''),
    bodyText: text('body_text').notNull().default(''),
    data: jsonb('data').$type<Record<string, unknown>>().notNull().default({}),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.id] })],
);

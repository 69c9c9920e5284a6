import { jsonb, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export type OrderItem = { name: string; quantity: number; unitPrice: string };

export const orders = pgTable(
  'orders',
  {
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    orderedAt: timestamp('ordered_at', { withTimezone: true }).notNull(),
    amount: numeric('amount', { precision: 14, scale: 2 }).notNull(),
    cost: numeric('cost', { precision: 14, scale: 2 }),
    currency: text('currency').notNull().default('CNY'),
    description: text('description'),
    items: jsonb('items').$type<OrderItem[]>().notNull().default([]),
    channel: text('channel'),
    externalId: text('external_id'),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.id] })],
);

export const investmentKinds = ['gift', 'discount', 'service_hours', 'other'] as const;

export const investments = pgTable(
  'investments',
  {
    id: uuid('id').notNull(),
    customerId: uuid('customer_id').notNull(),
    kind: text('kind', { enum: investmentKinds }).notNull(),
    occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
    cost: numeric('cost', { precision: 14, scale: 2 }).notNull(),
    hours: numeric('hours', { precision: 8, scale: 2 }),
    description: text('description'),
    userId: uuid('user_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.id] })],
);

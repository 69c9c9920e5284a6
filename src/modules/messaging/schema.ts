import { integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { ChannelKind } from './channel.js';

export const messageStatuses = ['queued', 'sending', 'sent', 'delivered', 'failed', 'cancelled', 'capped', 'opted_out'] as const;
export type MessageStatus = (typeof messageStatuses)[number];
/** Marketing messages count against the frequency cap; transactional ones are exempt. */
export const messageCategories = ['marketing', 'transactional'] as const;
export type MessageCategory = (typeof messageCategories)[number];

export const messages = pgTable('messages', {
  id: uuid('id').primaryKey(),
  idempotencyKey: text('idempotency_key').notNull(),
  channel: text('channel').$type<ChannelKind>().notNull(),
  category: text('category', { enum: messageCategories }).notNull().default('transactional'),
  status: text('status', { enum: messageStatuses }).notNull().default('queued'),
  customerId: uuid('customer_id'),
  userId: uuid('user_id'),
  batchId: uuid('batch_id'),
  templateId: uuid('template_id'),
  interactionId: uuid('interaction_id'),
  recipient: text('recipient').notNull(),
  subject: text('subject'),
  bodyText: text('body_text').notNull().default(''),
  bodyHtml: text('body_html'),
  templateCode: text('template_code'),
  templateParams: jsonb('template_params').$type<Record<string, string>>(),
  headers: jsonb('headers').$type<Record<string, string>>(),
  attempts: integer('attempts').notNull().default(0),
  maxAttempts: integer('max_attempts').notNull().default(8),
  nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true }).notNull().defaultNow(),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  claimedBy: text('claimed_by'),
  lastError: text('last_error'),
  providerMessageId: text('provider_message_id'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const messageBatches = pgTable('message_batches', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  channel: text('channel').$type<ChannelKind>().notNull(),
  templateId: uuid('template_id'),
  category: text('category', { enum: messageCategories }).notNull().default('marketing'),
  scheduledAt: timestamp('scheduled_at', { withTimezone: true }),
  audience: jsonb('audience').$type<Record<string, unknown>>().notNull().default({}),
  counts: jsonb('counts').$type<Record<string, number>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const messagingConfig = pgTable('messaging_config', {
  key: text('key').primaryKey(),
  value: jsonb('value').$type<Record<string, unknown>>().notNull(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const messageOptOuts = pgTable(
  'message_opt_outs',
  {
    customerId: uuid('customer_id').notNull(),
    channel: text('channel').$type<ChannelKind>().notNull(),
    source: text('source').notNull(),
    messageId: uuid('message_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (table) => [primaryKey({ columns: [table.customerId, table.channel] })],
);

export const messageTemplates = pgTable('message_templates', {
  id: uuid('id').primaryKey(),
  name: text('name').notNull(),
  channel: text('channel').$type<ChannelKind>().notNull(),
  locale: text('locale').notNull().default('zh-CN'),
  category: text('category', { enum: messageCategories }).notNull().default('marketing'),
  subject: text('subject'),
  bodyText: text('body_text').notNull(),
  bodyHtml: text('body_html'),
  providerTemplateCode: text('provider_template_code'),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey(),
  userId: uuid('user_id').notNull(),
  messageId: uuid('message_id'),
  title: text('title').notNull(),
  body: text('body').notNull().default(''),
  link: text('link'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  readAt: timestamp('read_at', { withTimezone: true }),
});

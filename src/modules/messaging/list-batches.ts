import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { isManager, type Actor } from '../users/actor.js';
import { countMessages } from './count-messages.js';
import { messageBatches, messageStatuses, messages } from './schema.js';

export const batchEntity = { 'zh-CN': '发送批次', 'en-US': 'Send batch' };

export const batchView = z.object({
  id: z.string(),
  name: z.string(),
  channel: z.string(),
  templateId: z.string().nullable(),
  category: z.string(),
  scheduledAt: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  /** Customers selected and those left out before queueing (no address, not visible). */
  audience: z.record(z.string(), z.number()),
  /** Messages per status now: the delivery log's summary. */
  statuses: z.partialRecord(z.enum(messageStatuses), z.number()),
});
export type BatchView = z.infer<typeof batchView>;

type BatchRow = typeof messageBatches.$inferSelect;

async function toBatchView(db: Executor, row: BatchRow): Promise<BatchView> {
  return {
    id: row.id,
    name: row.name,
    channel: row.channel,
    templateId: row.templateId,
    category: row.category,
    scheduledAt: row.scheduledAt?.toISOString() ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    audience: row.counts,
    statuses: await countMessages(db, { batchId: row.id }),
  };
}

/** Managers see every batch; staff see the batches they sent. */
function batchScope(actor: Actor): SQL | undefined {
  return isManager(actor) ? undefined : eq(messageBatches.createdBy, actor.userId);
}

export async function getBatch(db: Executor, actor: Actor, id: string): Promise<BatchView> {
  const [row] = await db.select().from(messageBatches).where(and(eq(messageBatches.id, id), batchScope(actor)));
  if (!row) throw new NotFoundError(batchEntity, id);
  return toBatchView(db, row);
}

export async function listBatches(db: Executor, actor: Actor, options: { limit?: number } = {}): Promise<BatchView[]> {
  const rows = await db.select().from(messageBatches).where(batchScope(actor)).orderBy(desc(messageBatches.createdAt)).limit(options.limit ?? 50);
  return Promise.all(rows.map((row) => toBatchView(db, row)));
}

export const messageView = z.object({
  id: z.string(),
  channel: z.string(),
  category: z.string(),
  status: z.enum(messageStatuses),
  customerId: z.string().nullable(),
  batchId: z.string().nullable(),
  recipient: z.string(),
  subject: z.string().nullable(),
  attempts: z.number().int(),
  nextAttemptAt: z.string(),
  lastError: z.string().nullable(),
  providerMessageId: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
  deliveredAt: z.string().nullable(),
});
export type MessageView = z.infer<typeof messageView>;
export type MessagePage = { items: MessageView[]; nextCursor: string | null };

export const messagePageInput = z.strictObject({
  status: z.enum(messageStatuses).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  /** The last id of the previous page (ids are time-ordered UUIDv7). */
  cursor: z.uuid().optional(),
});

/** Messages matching `where`, newest first, one page. */
export async function pageMessages(db: Executor, where: SQL, input: z.output<typeof messagePageInput>): Promise<MessagePage> {
  const conditions = [where];
  if (input.status) conditions.push(eq(messages.status, input.status));
  if (input.cursor) conditions.push(lt(messages.id, input.cursor));
  const rows = await db.select().from(messages).where(and(...conditions)).orderBy(desc(messages.id)).limit(input.limit + 1);
  const page = rows.slice(0, input.limit);
  return {
    items: page.map((row) => ({
      id: row.id,
      channel: row.channel,
      category: row.category,
      status: row.status,
      customerId: row.customerId,
      batchId: row.batchId,
      recipient: row.recipient,
      subject: row.subject,
      attempts: row.attempts,
      nextAttemptAt: row.nextAttemptAt.toISOString(),
      lastError: row.lastError,
      providerMessageId: row.providerMessageId,
      createdAt: row.createdAt.toISOString(),
      sentAt: row.sentAt?.toISOString() ?? null,
      deliveredAt: row.deliveredAt?.toISOString() ?? null,
    })),
    nextCursor: rows.length > input.limit ? page.at(-1)!.id : null,
  };
}

/** The delivery log of one batch: each message with its status and the provider's reason. */
export async function listBatchMessages(db: Executor, actor: Actor, batchId: string, input: z.input<typeof messagePageInput> = {}): Promise<MessagePage> {
  await getBatch(db, actor, batchId);
  return pageMessages(db, eq(messages.batchId, batchId), parseInput(messagePageInput, input));
}

export function requireManager(actor: Actor): void {
  if (!isManager(actor)) throw new ForbiddenError();
}

import { inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import type { ChannelKind } from './channel.js';
import { messages, type MessageCategory } from './schema.js';

export type NewMessage = {
  /** Makes a second insert a no-op: e.g. `batch:<id>:<customer>:<channel>`, `reminder:<id>:<date>`. */
  idempotencyKey: string;
  channel: ChannelKind;
  /** Address for the channel: e-mail, phone (E.164), staff user id, or any text for webhooks. */
  recipient: string;
  category?: MessageCategory;
  customerId?: string | null;
  userId?: string | null;
  batchId?: string | null;
  templateId?: string | null;
  interactionId?: string | null;
  subject?: string | null;
  bodyText: string;
  bodyHtml?: string | null;
  templateCode?: string | null;
  templateParams?: Record<string, string> | null;
  headers?: Record<string, string> | null;
  /** Send no earlier than this (scheduled sends). */
  notBefore?: Date | null;
  maxAttempts?: number;
  createdBy?: string | null;
};

export type EnqueueResult = { id: string; created: boolean };

const ROWS_PER_INSERT = 2_000;

function toRow(message: NewMessage, id: string) {
  return {
    id,
    idempotencyKey: message.idempotencyKey,
    channel: message.channel,
    category: message.category ?? 'transactional',
    recipient: message.recipient,
    customerId: message.customerId ?? null,
    userId: message.userId ?? null,
    batchId: message.batchId ?? null,
    templateId: message.templateId ?? null,
    interactionId: message.interactionId ?? null,
    subject: message.subject ?? null,
    bodyText: message.bodyText,
    bodyHtml: message.bodyHtml ?? null,
    templateCode: message.templateCode ?? null,
    templateParams: message.templateParams ?? null,
    headers: message.headers ?? null,
    nextAttemptAt: message.notBefore ?? sql`now()`,
    maxAttempts: message.maxAttempts ?? 8,
    createdBy: message.createdBy ?? null,
  };
}

/**
 * Puts messages in the outbox inside the caller's transaction, so a message exists exactly
 * when the business change that caused it commits. A key already in the outbox is skipped
 * (ON CONFLICT DO NOTHING), which makes re-running the cause safe; its existing id is returned.
 */
export async function enqueueMessages(tx: Executor, batch: readonly NewMessage[]): Promise<EnqueueResult[]> {
  // A statement takes at most 65,535 parameters; a row uses 18.
  if (batch.length > ROWS_PER_INSERT) {
    const results: EnqueueResult[] = [];
    for (let start = 0; start < batch.length; start += ROWS_PER_INSERT) results.push(...(await enqueueMessages(tx, batch.slice(start, start + ROWS_PER_INSERT))));
    return results;
  }
  if (batch.length === 0) return [];
  const rows = batch.map((message) => toRow(message, newId()));
  const inserted = await tx
    .insert(messages)
    .values(rows)
    .onConflictDoNothing({ target: messages.idempotencyKey })
    .returning({ id: messages.id, key: messages.idempotencyKey });
  const created = new Map(inserted.map((row) => [row.key, row.id]));
  const missing = batch.map((message) => message.idempotencyKey).filter((key) => !created.has(key));
  const existing = missing.length === 0 ? [] : await tx
    .select({ id: messages.id, key: messages.idempotencyKey })
    .from(messages)
    .where(inArray(messages.idempotencyKey, missing));
  const earlier = new Map(existing.map((row) => [row.key, row.id]));
  return batch.map((message) => {
    const id = created.get(message.idempotencyKey);
    return id ? { id, created: true } : { id: earlier.get(message.idempotencyKey)!, created: false };
  });
}

export async function enqueueMessage(tx: Executor, message: NewMessage): Promise<EnqueueResult> {
  const [result] = await enqueueMessages(tx, [message]);
  return result!;
}

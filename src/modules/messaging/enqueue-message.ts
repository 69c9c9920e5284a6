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

/** Columns written on insert, with their SQL array types (one unnest parameter per column). */
const COLUMNS: [string, string, (message: NewMessage) => unknown][] = [
  ['idempotency_key', 'text', (m) => m.idempotencyKey],
  ['channel', 'text', (m) => m.channel],
  ['category', 'text', (m) => m.category ?? 'transactional'],
  ['recipient', 'text', (m) => m.recipient],
  ['customer_id', 'uuid', (m) => m.customerId ?? null],
  ['user_id', 'uuid', (m) => m.userId ?? null],
  ['batch_id', 'uuid', (m) => m.batchId ?? null],
  ['template_id', 'uuid', (m) => m.templateId ?? null],
  ['interaction_id', 'uuid', (m) => m.interactionId ?? null],
  ['subject', 'text', (m) => m.subject ?? null],
  ['body_text', 'text', (m) => m.bodyText],
  ['body_html', 'text', (m) => m.bodyHtml ?? null],
  ['template_code', 'text', (m) => m.templateCode ?? null],
  ['template_params', 'jsonb', (m) => (m.templateParams ? JSON.stringify(m.templateParams) : null)],
  ['headers', 'jsonb', (m) => (m.headers ? JSON.stringify(m.headers) : null)],
  ['next_attempt_at', 'timestamptz', (m) => m.notBefore?.toISOString() ?? null],
  ['max_attempts', 'int4', (m) => m.maxAttempts ?? 8],
  ['created_by', 'uuid', (m) => m.createdBy ?? null],
];

const ROWS_PER_INSERT = 5_000;

/**
 * Puts messages in the outbox inside the caller's transaction, so a message exists exactly
 * when the business change that caused it commits. A key already in the outbox is skipped
 * (ON CONFLICT DO NOTHING), which makes re-running the cause safe; its existing id is returned.
 * One column array per parameter (unnest): any number of rows in one statement, cheap to build.
 */
export async function enqueueMessages(tx: Executor, batch: readonly NewMessage[]): Promise<EnqueueResult[]> {
  if (batch.length > ROWS_PER_INSERT) {
    const results: EnqueueResult[] = [];
    for (let start = 0; start < batch.length; start += ROWS_PER_INSERT) results.push(...(await enqueueMessages(tx, batch.slice(start, start + ROWS_PER_INSERT))));
    return results;
  }
  if (batch.length === 0) return [];
  const ids = batch.map(() => newId());
  const arrays = COLUMNS.map(([, type, pick]) => sql`${sql.param(batch.map(pick))}::${sql.raw(type)}[]`);
  const names = sql.raw(COLUMNS.map(([name]) => name).join(', '));
  const result = (await tx.execute(sql`
    INSERT INTO messages (id, ${names})
    SELECT v.id, ${sql.raw(COLUMNS.map(([name]) => (name === 'next_attempt_at' ? 'coalesce(v.next_attempt_at, now())' : `v.${name}`)).join(', '))}
      FROM unnest(${sql.param(ids)}::uuid[], ${sql.join(arrays, sql`, `)}) AS v(id, ${names})
    ON CONFLICT (idempotency_key) DO NOTHING
    RETURNING id, idempotency_key AS key`)) as unknown as { rows: { id: string; key: string }[] };
  const created = new Map(result.rows.map((row) => [row.key, row.id]));
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

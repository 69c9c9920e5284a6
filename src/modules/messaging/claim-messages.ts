import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { ChannelKind } from './channel.js';
import type { MessageCategory } from './schema.js';

/** A message a worker holds under a lease: what it needs to apply policy and send. */
export type ClaimedMessage = {
  id: string;
  idempotencyKey: string;
  channel: ChannelKind;
  category: MessageCategory;
  customerId: string | null;
  userId: string | null;
  interactionId: string | null;
  recipient: string;
  subject: string | null;
  bodyText: string;
  bodyHtml: string | null;
  templateCode: string | null;
  templateParams: Record<string, string> | null;
  headers: Record<string, string> | null;
  attempts: number;
  maxAttempts: number;
};

export type ClaimOptions = { workerId: string; limit: number; leaseMs: number };

/**
 * Claims up to `limit` messages in one statement: first those whose worker died (lease
 * expired while 'sending'), then due queued ones, oldest first. SKIP LOCKED lets any number
 * of workers claim at once without waiting on or taking each other's rows; the claim commits
 * before anything is sent, so a crash can only repeat messages of a claimed batch.
 */
export async function claimMessages(db: Executor, options: ClaimOptions): Promise<ClaimedMessage[]> {
  const result = (await db.execute(sql`
    WITH expired AS (
      SELECT id FROM messages WHERE status = 'sending' AND lease_until < now()
      ORDER BY lease_until LIMIT ${options.limit} FOR UPDATE SKIP LOCKED
    ), due AS (
      SELECT id FROM messages WHERE status = 'queued' AND next_attempt_at <= now()
      ORDER BY next_attempt_at LIMIT ${options.limit} FOR UPDATE SKIP LOCKED
    ), picked AS (
      SELECT id FROM expired UNION ALL SELECT id FROM due LIMIT ${options.limit}
    )
    UPDATE messages m
       SET status = 'sending', attempts = m.attempts + 1, claimed_by = ${options.workerId},
           lease_until = now() + ${options.leaseMs} * interval '1 millisecond', updated_at = now()
      FROM picked WHERE m.id = picked.id
    RETURNING m.id, m.idempotency_key AS "idempotencyKey", m.channel, m.category, m.customer_id AS "customerId",
              m.user_id AS "userId", m.interaction_id AS "interactionId", m.recipient, m.subject,
              m.body_text AS "bodyText", m.body_html AS "bodyHtml", m.template_code AS "templateCode",
              m.template_params AS "templateParams", m.headers, m.attempts, m.max_attempts AS "maxAttempts"`)) as unknown as { rows: ClaimedMessage[] };
  return result.rows;
}

/** Keeps the lease of messages still being sent, so a slow batch is not taken over. */
export async function extendLease(db: Executor, workerId: string, ids: readonly string[], leaseMs: number): Promise<void> {
  if (ids.length === 0) return;
  await db.execute(sql`
    UPDATE messages SET lease_until = now() + ${leaseMs} * interval '1 millisecond'
     WHERE id = ANY(${sql.param(ids)}::uuid[]) AND status = 'sending' AND claimed_by = ${workerId}`);
}

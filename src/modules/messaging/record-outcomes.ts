import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { mergeSystemEventData } from '../timeline/merge-event-data.js';
import type { SendOutcome } from './channel.js';
import type { ClaimedMessage } from './claim-messages.js';
import type { MessageStatus } from './schema.js';

/** The new state of one claimed message. */
export type MessageMark = {
  id: string;
  status: Extract<MessageStatus, 'queued' | 'sent' | 'failed' | 'capped' | 'opted_out'>;
  error?: string | null;
  providerMessageId?: string | null;
  /** For 'queued': when to try again. */
  nextAttemptAt?: Date | null;
  /** False when a retry is a policy delay (quiet hours), which is not a failed attempt. */
  countsAsAttempt?: boolean;
  /** The message has a timeline entry whose status must follow (set by the worker). */
  onTimeline?: boolean;
};

const BASE_DELAY_MS = 30_000;
const MAX_DELAY_MS = 6 * 60 * 60_000;

/**
 * Exponential backoff with full jitter (a random delay up to 30 s × 2^(attempt-1), capped
 * at 6 h): retries of a provider outage spread out instead of arriving together.
 */
export function backoffMs(attempts: number, random: () => number = Math.random): number {
  const ceiling = Math.min(MAX_DELAY_MS, BASE_DELAY_MS * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** What a channel's answer means for the message: sent, retry later, or dead letter. */
export function markFromOutcome(message: ClaimedMessage, outcome: SendOutcome, now = Date.now()): MessageMark {
  if (outcome.status === 'sent') return { id: message.id, status: 'sent', providerMessageId: outcome.providerMessageId ?? null };
  if (outcome.status === 'failed') return { id: message.id, status: 'failed', error: outcome.reason };
  if (message.attempts >= message.maxAttempts) {
    return { id: message.id, status: 'failed', error: `gave up after ${message.attempts} attempts: ${outcome.reason}` };
  }
  const delay = Math.max(outcome.retryAfterMs ?? 0, backoffMs(message.attempts));
  return { id: message.id, status: 'queued', error: outcome.reason, nextAttemptAt: new Date(now + delay) };
}

/**
 * Records many results in one statement. Only messages this worker still holds are changed:
 * if its lease ran out and another worker took a message over, that worker's result counts.
 */
export async function recordOutcomes(db: Executor, workerId: string, marks: readonly MessageMark[]): Promise<void> {
  if (marks.length === 0) return;
  // The status and its timeline copy change together; messages without an entry skip the transaction.
  if (marks.some((mark) => mark.onTimeline)) await db.transaction((tx) => writeOutcomes(tx, workerId, marks));
  else await writeOutcomes(db, workerId, marks);
}

async function writeOutcomes(db: Executor, workerId: string, marks: readonly MessageMark[]): Promise<void> {
  const column = <T>(pick: (mark: MessageMark) => T) => sql.param(marks.map(pick));
  const result = (await db.execute(sql`
    UPDATE messages m
       SET status = v.status,
           last_error = COALESCE(v.error, m.last_error),
           provider_message_id = COALESCE(v.provider_id, m.provider_message_id),
           next_attempt_at = COALESCE(v.next_at, m.next_attempt_at),
           attempts = CASE WHEN v.counts THEN m.attempts ELSE m.attempts - 1 END,
           sent_at = CASE WHEN v.status = 'sent' THEN now() ELSE NULL END,
           lease_until = NULL, claimed_by = NULL, updated_at = now()
      FROM unnest(${column((mark) => mark.id)}::uuid[], ${column((mark) => mark.status)}::text[],
                  ${column((mark) => mark.error ?? null)}::text[], ${column((mark) => mark.providerMessageId ?? null)}::text[],
                  ${column((mark) => mark.nextAttemptAt?.toISOString() ?? null)}::timestamptz[],
                  ${column((mark) => mark.countsAsAttempt ?? true)}::boolean[])
           AS v(id, status, error, provider_id, next_at, counts)
     WHERE m.id = v.id AND m.status = 'sending' AND m.claimed_by = ${workerId}
    RETURNING m.customer_id AS "customerId", m.interaction_id AS "interactionId", m.status, m.last_error AS error`)) as unknown as {
    rows: { customerId: string | null; interactionId: string | null; status: string; error: string | null }[];
  };
  // The customer's timeline shows each message with its current status.
  const shown = result.rows.filter((row) => row.customerId && row.interactionId);
  await mergeSystemEventData(db, shown.map((row) => ({
    customerId: row.customerId!,
    interactionId: row.interactionId!,
    data: { status: row.status, error: row.status === 'sent' ? null : row.error },
  })));
}

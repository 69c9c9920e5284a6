import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { MessageStatus } from './schema.js';

export type StatusCounts = Partial<Record<MessageStatus, number>>;

/** Messages per status, in the whole outbox or one batch (the delivery log's summary). */
export async function countMessages(db: Executor, options: { batchId?: string } = {}): Promise<StatusCounts> {
  const where = options.batchId ? sql`WHERE batch_id = ${options.batchId}` : sql``;
  const result = (await db.execute(sql`SELECT status, count(*)::int AS n FROM messages ${where} GROUP BY status`)) as unknown as { rows: { status: MessageStatus; n: number }[] };
  return Object.fromEntries(result.rows.map((row) => [row.status, row.n]));
}

/** True while something is waiting to be sent or being sent. */
export function hasPendingWork(counts: StatusCounts): boolean {
  return (counts.queued ?? 0) + (counts.sending ?? 0) > 0;
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';

export type EventDataUpdate = { customerId: string; interactionId: string; data: Record<string, unknown> };

/**
 * For system events whose subject changes state after it is recorded (a message: queued →
 * sent → delivered): merges `data` into each entry's data, in one statement. The caller
 * already holds the link (customer and interaction id) it got from recordSystemEvent.
 */
export async function mergeSystemEventData(tx: Executor, updates: readonly EventDataUpdate[]): Promise<void> {
  if (updates.length === 0) return;
  await tx.execute(sql`
    UPDATE interactions i SET data = i.data || v.data
      FROM unnest(${sql.param(updates.map((update) => update.customerId))}::uuid[],
                  ${sql.param(updates.map((update) => update.interactionId))}::uuid[],
                  ${sql.param(updates.map((update) => JSON.stringify(update.data)))}::jsonb[]) AS v(customer_id, id, data)
     WHERE i.customer_id = v.customer_id AND i.id = v.id`);
}

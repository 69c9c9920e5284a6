import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { listCustomers } from '../customers/list-customers.js';
import { mergeSystemEventData } from '../timeline/merge-event-data.js';
import { recordSystemEvent } from '../timeline/record-system-event.js';
import { systemActor } from '../users/actor.js';
import { recordOptOut } from './record-opt-out.js';
import type { DeliveryReport } from './sms/delivery-reports.js';
import type { InboundSms } from './sms/inbound-replies.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Provider delivery reports: a sent SMS becomes delivered, or failed with the carrier's
 * reason. Matched by our id when the provider echoes it, else by the provider's id. Each
 * report in its own statement with the timeline copy, so a report for an unknown message
 * changes nothing. Returns how many messages changed.
 */
export async function applyDeliveryReports(db: Executor, reports: readonly DeliveryReport[]): Promise<number> {
  let changed = 0;
  for (const report of reports) {
    if (report.status === 'sent') continue;
    const byId = report.messageId && UUID.test(report.messageId) ? sql`id = ${report.messageId}::uuid` : sql`false`;
    const byProvider = report.providerMessageId ? sql`provider_message_id = ${report.providerMessageId}` : sql`false`;
    const delivered = report.status === 'delivered';
    await db.transaction(async (tx) => {
      const result = (await tx.execute(sql`
        UPDATE messages SET status = ${delivered ? 'delivered' : 'failed'},
               delivered_at = ${delivered ? report.at.toISOString() : null}::timestamptz,
               last_error = ${delivered ? null : (report.reason ?? 'undelivered')}, updated_at = now()
         WHERE channel = 'sms' AND status IN ('sent', 'delivered') AND (${byId} OR ${byProvider})
        RETURNING customer_id AS "customerId", interaction_id AS "interactionId", status, last_error AS error`)) as unknown as {
        rows: { customerId: string | null; interactionId: string | null; status: string; error: string | null }[];
      };
      changed += result.rows.length;
      await mergeSystemEventData(tx, result.rows.filter((row) => row.customerId && row.interactionId).map((row) => ({
        customerId: row.customerId!,
        interactionId: row.interactionId!,
        data: { status: row.status, error: row.error },
      })));
    });
  }
  return changed;
}

/** Customers whose phone list holds exactly this number (E.164), through the customers module. */
async function customersWithPhone(db: Executor, phone: string): Promise<string[]> {
  const page = await listCustomers(db, systemActor, { phone, limit: 50 });
  return page.items.filter((item) => item.phones.some((entry) => entry.number === phone)).map((item) => item.id);
}

/**
 * Customers' SMS replies: "TD", "退订", "STOP"… record an opt-out from SMS; anything else
 * goes on the customer's timeline as an inbound SMS. Returns the opt-outs recorded.
 */
export async function applyInboundReplies(db: Executor, replies: readonly InboundSms[]): Promise<number> {
  let optedOut = 0;
  for (const reply of replies) {
    for (const customerId of await customersWithPhone(db, reply.phone)) {
      await db.transaction(async (tx) => {
        if (reply.optOut) {
          if (await recordOptOut(tx, { customerId, channel: 'sms', source: 'sms_reply', note: reply.text })) optedOut += 1;
        } else {
          await recordSystemEvent(tx, systemActor, customerId, {
            kind: 'sms',
            channel: 'sms',
            occurredAt: reply.receivedAt,
            subject: '短信回复 / SMS reply',
            bodyText: reply.text,
            data: { direction: 'inbound', phone: reply.phone, providerMessageId: reply.providerMessageId ?? null },
          });
        }
      });
    }
  }
  return optedOut;
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { matching } from '../../shared/zod-issues.js';
import { getCompanySettings } from '../settings/company-settings.js';
import { readConfig } from './channel-settings.js';
import type { ClaimedMessage } from './claim-messages.js';
import type { MessageMark } from './record-outcomes.js';

const clock = matching(z.string(), /^([01]\d|2[0-3]):[0-5]\d$/, '应为 24 小时制时间，如 21:00', 'must be a 24-hour time such as 21:00');

export const sendPolicySettings = z.strictObject({
  /** Per channel: no sending between start and end (company time zone); messages wait, they are not dropped. */
  quietHours: z.partialRecord(z.enum(['email', 'sms', 'webhook', 'robot']), z.strictObject({ start: clock, end: clock })).default({}),
  /** At most `limit` marketing messages per customer in any `days` days; transactional messages are exempt. null: no cap. */
  frequencyCap: z.strictObject({ limit: z.number().int().min(0).max(1000), days: z.number().int().min(1).max(365) }).nullable().default(null),
});
export type SendPolicySettings = z.output<typeof sendPolicySettings>;

export const DEFAULT_POLICY: SendPolicySettings = { quietHours: { sms: { start: '21:00', end: '08:00' } }, frequencyCap: { limit: 4, days: 30 } };

export async function getSendPolicy(db: Executor): Promise<SendPolicySettings> {
  const stored = await readConfig(db, 'policy');
  return stored ? sendPolicySettings.parse(stored) : DEFAULT_POLICY;
}

const minutesOf = (clockTime: string) => Number(clockTime.slice(0, 2)) * 60 + Number(clockTime.slice(3, 5));

/**
 * When a quiet window that contains `now` ends, or undefined outside it. Windows may cross
 * midnight (21:00–08:00). Assumes no daylight-saving jump inside the window (none in China).
 */
export function quietUntil(now: Date, timeZone: string, window: { start: string; end: string }): Date | undefined {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (type: string) => Number(parts.find((item) => item.type === type)!.value);
  const minute = part('hour') * 60 + part('minute');
  const start = minutesOf(window.start);
  const end = minutesOf(window.end);
  const inside = start <= end ? minute >= start && minute < end : minute >= start || minute < end;
  if (!inside || start === end) return undefined;
  const wait = (end - minute + 1440) % 1440;
  return new Date(now.getTime() + wait * 60_000 - part('second') * 1000 - now.getMilliseconds());
}

type Row = { customer_id: string; channel?: string; n?: number };
const rowsOf = async (db: Executor, query: ReturnType<typeof sql>) => ((await db.execute(query)) as unknown as { rows: Row[] }).rows;

/**
 * Send-time policy for a claimed batch: returns what must not be sent now — opted out,
 * inside quiet hours (delayed to the window's end), or over the marketing frequency cap.
 * The cap is counted under a per-customer advisory lock, and a message that passes is
 * stamped (sent_at) before it is sent, so two workers cannot both use a customer's last slot.
 */
export async function applySendPolicy(db: Executor, batch: ClaimedMessage[], now = new Date()): Promise<MessageMark[]> {
  const policy = await getSendPolicy(db);
  const forCustomers = batch.filter((message) => message.customerId);
  const quietChannels = Object.keys(policy.quietHours);
  if (forCustomers.length === 0 && !batch.some((message) => quietChannels.includes(message.channel))) return [];
  const marks: MessageMark[] = [];
  const held = new Set<string>();
  const hold = (mark: MessageMark) => {
    marks.push(mark);
    held.add(mark.id);
  };

  if (forCustomers.length > 0) {
    const optedOut = await rowsOf(db, sql`SELECT customer_id, channel FROM message_opt_outs
      WHERE customer_id = ANY(${sql.param([...new Set(forCustomers.map((message) => message.customerId!))])}::uuid[])`);
    const blocked = new Set(optedOut.map((row) => `${row.customer_id}:${row.channel}`));
    for (const message of forCustomers) {
      if (blocked.has(`${message.customerId}:${message.channel}`)) hold({ id: message.id, status: 'opted_out', error: 'customer opted out of this channel', countsAsAttempt: false });
    }
  }

  const { timeZone } = quietChannels.length > 0 ? await getCompanySettings(db) : { timeZone: 'UTC' };
  for (const message of batch) {
    const window = policy.quietHours[message.channel as keyof SendPolicySettings['quietHours']];
    const until = window && !held.has(message.id) ? quietUntil(now, timeZone, window) : undefined;
    if (until) hold({ id: message.id, status: 'queued', nextAttemptAt: until, error: `quiet hours ${window!.start}–${window!.end} (${timeZone})`, countsAsAttempt: false });
  }

  const marketing = forCustomers.filter((message) => message.category === 'marketing' && !held.has(message.id));
  if (policy.frequencyCap && marketing.length > 0) marks.push(...(await applyFrequencyCap(db, marketing, policy.frequencyCap)));
  return marks;
}

async function applyFrequencyCap(db: Executor, marketing: ClaimedMessage[], cap: { limit: number; days: number }): Promise<MessageMark[]> {
  const customers = [...new Set(marketing.map((message) => message.customerId!))].sort();
  const ids = marketing.map((message) => message.id);
  return db.transaction(async (tx) => {
    // Sorted, so two workers lock customers in the same order and cannot deadlock.
    await tx.execute(sql`SELECT pg_advisory_xact_lock(hashtextextended('weixi:cap:' || c, 0)) FROM unnest(${sql.param(customers)}::text[]) AS c ORDER BY c`);
    const used = await rowsOf(tx, sql`SELECT customer_id, count(*)::int AS n FROM messages
      WHERE customer_id = ANY(${sql.param(customers)}::uuid[]) AND category = 'marketing'
        AND status IN ('sent', 'delivered', 'sending') AND sent_at > now() - ${cap.days} * interval '1 day'
        AND NOT (id = ANY(${sql.param(ids)}::uuid[]))
      GROUP BY customer_id`);
    const count = new Map(used.map((row) => [row.customer_id, row.n ?? 0]));
    const marks: MessageMark[] = [];
    const cleared: string[] = [];
    for (const message of marketing) {
      const sent = count.get(message.customerId!) ?? 0;
      if (sent >= cap.limit) {
        marks.push({ id: message.id, status: 'capped', error: `frequency cap: ${sent} marketing messages in ${cap.days} days (limit ${cap.limit})`, countsAsAttempt: false });
      } else {
        count.set(message.customerId!, sent + 1);
        cleared.push(message.id);
      }
    }
    if (cleared.length > 0) await tx.execute(sql`UPDATE messages SET sent_at = now() WHERE id = ANY(${sql.param(cleared)}::uuid[])`);
    return marks;
  });
}

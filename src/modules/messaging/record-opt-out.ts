import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { writeAudit } from '../audit/write-audit.js';
import { recordSystemEvent } from '../timeline/record-system-event.js';
import { systemActor, type Actor } from '../users/actor.js';
import type { ChannelKind } from './channel.js';
import { messageOptOuts } from './schema.js';

export type OptOut = {
  customerId: string;
  channel: ChannelKind;
  /** How it arrived: 'unsubscribe_link', 'sms_reply', 'staff'… */
  source: string;
  messageId?: string | null;
  /** Words for the timeline (e.g. the SMS reply text). */
  note?: string;
};

const CHANNEL_NAMES: Record<ChannelKind, string> = { email: '邮件 e-mail', sms: '短信 SMS', webhook: 'webhook', in_app: '站内 in-app', robot: '群机器人 robot' };

/**
 * Records that a customer wants no more messages on a channel, inside the caller's
 * transaction, with a timeline entry and an audit row. Repeats are no-ops. Send-time policy
 * then marks that customer's messages on the channel opted_out instead of sending them.
 * Returns false when the opt-out already existed.
 */
export async function recordOptOut(tx: Executor, optOut: OptOut, actor: Actor = systemActor): Promise<boolean> {
  const inserted = await tx
    .insert(messageOptOuts)
    .values({ customerId: optOut.customerId, channel: optOut.channel, source: optOut.source, messageId: optOut.messageId ?? null })
    .onConflictDoNothing()
    .returning({ customerId: messageOptOuts.customerId });
  if (inserted.length === 0) return false;
  await recordSystemEvent(tx, systemActor, optOut.customerId, {
    kind: 'system',
    channel: optOut.channel,
    subject: `退订${CHANNEL_NAMES[optOut.channel]} / Opted out`,
    bodyText: optOut.note ?? '',
    data: { optOut: optOut.channel, source: optOut.source, messageId: optOut.messageId ?? null },
  });
  await writeAudit(tx, actor, { action: 'messaging.opt_out', entity: 'customer', entityId: optOut.customerId, customerId: optOut.customerId, data: { channel: optOut.channel, source: optOut.source, messageId: optOut.messageId ?? null } });
  return true;
}

/** Takes an opt-out back (the customer asked to hear from us again), with an audit row. */
export async function removeOptOut(tx: Executor, actor: Actor, customerId: string, channel: ChannelKind): Promise<boolean> {
  const removed = await tx
    .delete(messageOptOuts)
    .where(and(eq(messageOptOuts.customerId, customerId), eq(messageOptOuts.channel, channel)))
    .returning({ at: sql`1` });
  if (removed.length > 0) await writeAudit(tx, actor, { action: 'messaging.opt_in', entity: 'customer', entityId: customerId, customerId, data: { channel } });
  return removed.length > 0;
}

export async function listOptOuts(db: Executor, customerId: string): Promise<{ channel: ChannelKind; source: string; createdAt: Date }[]> {
  return db.select({ channel: messageOptOuts.channel, source: messageOptOuts.source, createdAt: messageOptOuts.createdAt }).from(messageOptOuts).where(eq(messageOptOuts.customerId, customerId));
}

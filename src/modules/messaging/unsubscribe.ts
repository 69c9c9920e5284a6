import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { AppError } from '../../shared/errors.js';
import type { ChannelKind } from './channel.js';
import { recordOptOut } from './record-opt-out.js';
import { messages } from './schema.js';
import { unsubscribeKey, verifyUnsubscribeToken } from './unsubscribe-token.js';

export class InvalidUnsubscribeLink extends AppError {
  constructor() {
    super('invalid_unsubscribe_link', { 'zh-CN': '退订链接无效或已损坏', 'en-US': 'This unsubscribe link is invalid or damaged' }, undefined, 400);
  }
}

/** Which message a link belongs to, checking its signature (for the confirmation page). */
export async function readUnsubscribeLink(db: Executor, token: string): Promise<{ messageId: string; customerId: string; channel: ChannelKind }> {
  const messageId = verifyUnsubscribeToken(await unsubscribeKey(db), token);
  if (!messageId) throw new InvalidUnsubscribeLink();
  const [message] = await db.select({ customerId: messages.customerId, channel: messages.channel }).from(messages).where(eq(messages.id, messageId));
  if (!message?.customerId) throw new InvalidUnsubscribeLink();
  return { messageId, customerId: message.customerId, channel: message.channel };
}

/**
 * A click on the link in a message (or a mail client's one-click POST): the recipient opts
 * out of that channel, without signing in. The signed token is the proof. Repeats are fine.
 */
export async function unsubscribeByToken(db: Executor, token: string): Promise<{ channel: ChannelKind }> {
  const link = await readUnsubscribeLink(db, token);
  await db.transaction((tx) => recordOptOut(tx, { customerId: link.customerId, channel: link.channel, source: 'unsubscribe_link', messageId: link.messageId }));
  return { channel: link.channel };
}

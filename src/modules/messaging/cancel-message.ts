import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { messages } from './schema.js';

export const messageEntity = { 'zh-CN': '消息', 'en-US': 'Message' };

/**
 * Cancels messages that have not started sending. A message a worker holds ('sending') may
 * already be with the provider, so it cannot be called back: that is a conflict.
 */
export async function cancelMessages(db: Executor, actor: Actor, where: { ids?: string[]; batchId?: string }): Promise<number> {
  return db.transaction(async (tx) => {
    const scope = where.batchId ? eq(messages.batchId, where.batchId) : inArray(messages.id, where.ids ?? []);
    const cancelled = await tx
      .update(messages)
      .set({ status: 'cancelled', updatedAt: sql`now()` })
      .where(and(scope, eq(messages.status, 'queued')))
      .returning({ id: messages.id });
    await writeAudit(tx, actor, { action: 'message.cancel', entity: 'message', entityId: where.batchId ?? where.ids?.join(','), data: { cancelled: cancelled.length, batchId: where.batchId } });
    return cancelled.length;
  });
}

export async function cancelMessage(db: Executor, actor: Actor, id: string): Promise<void> {
  const [message] = await db.select({ status: messages.status }).from(messages).where(eq(messages.id, id));
  if (!message) throw new NotFoundError(messageEntity, id);
  if ((await cancelMessages(db, actor, { ids: [id] })) === 0) {
    throw new ConflictError('message_not_cancellable', {
      'zh-CN': `消息已处于“${message.status}”状态，无法取消`,
      'en-US': `The message is already ${message.status} and cannot be cancelled`,
    }, { status: message.status });
  }
}

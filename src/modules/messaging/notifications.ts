import { and, count, desc, eq, isNull, lt, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../users/actor.js';
import { enqueueMessage } from './enqueue-message.js';
import { notifications } from './schema.js';

/**
 * Staff notifications (the bell icon). Other modules create them through the outbox with
 * notifyUser, inside their own transaction; the in-app channel writes the row.
 */
export const notificationView = z.object({
  id: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});
export type NotificationView = z.infer<typeof notificationView>;
const notificationEntity = { 'zh-CN': '通知', 'en-US': 'Notification' };

export type NewNotification = { userId: string; title: string; body?: string; link?: string; idempotencyKey: string };

/** Queues a notification for a staff member (e.g. a reminder) in the caller's transaction. */
export async function notifyUser(tx: Executor, notification: NewNotification): Promise<{ id: string; created: boolean }> {
  return enqueueMessage(tx, {
    idempotencyKey: notification.idempotencyKey,
    channel: 'in_app',
    recipient: notification.userId,
    userId: notification.userId,
    subject: notification.title,
    bodyText: notification.body ?? '',
    headers: notification.link ? { 'x-weixi-link': notification.link } : null,
  });
}

export async function listNotifications(db: Executor, actor: Actor, options: { unreadOnly?: boolean; limit?: number; before?: string } = {}): Promise<{ items: NotificationView[]; unread: number }> {
  const mine = eq(notifications.userId, actor.userId);
  const conditions = [mine];
  if (options.unreadOnly) conditions.push(isNull(notifications.readAt));
  if (options.before) conditions.push(lt(notifications.id, options.before));
  const rows = await db.select().from(notifications).where(and(...conditions)).orderBy(desc(notifications.id)).limit(options.limit ?? 50);
  return {
    items: rows.map((row) => ({ id: row.id, title: row.title, body: row.body, link: row.link, createdAt: row.createdAt.toISOString(), readAt: row.readAt?.toISOString() ?? null })),
    unread: await unreadCount(db, actor),
  };
}

export async function unreadCount(db: Executor, actor: Actor): Promise<number> {
  const [row] = await db.select({ n: count() }).from(notifications).where(and(eq(notifications.userId, actor.userId), isNull(notifications.readAt)));
  return Number(row?.n ?? 0);
}

/** Marks one of the actor's notifications read (or all of them when id is undefined). */
export async function markNotificationsRead(db: Executor, actor: Actor, id?: string): Promise<number> {
  const conditions = [eq(notifications.userId, actor.userId), isNull(notifications.readAt)];
  if (id) conditions.push(eq(notifications.id, id));
  const updated = await db.update(notifications).set({ readAt: sql`now()` }).where(and(...conditions)).returning({ id: notifications.id });
  if (id && updated.length === 0) {
    const [exists] = await db.select({ id: notifications.id }).from(notifications).where(and(eq(notifications.id, id), eq(notifications.userId, actor.userId)));
    if (!exists) throw new NotFoundError(notificationEntity, id);
  }
  return updated.length;
}

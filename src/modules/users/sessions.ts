import { createHash, randomBytes } from 'node:crypto';
import { and, eq, gt, lt, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { Actor } from './actor.js';
import { sessions, users } from './schema.js';

export const SESSION_TTL_MS = 30 * 24 * 3600 * 1000;
// Refreshing last_seen on every request would turn each read into a write.
const TOUCH_INTERVAL_MS = 10 * 60 * 1000;

export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('hex');
}

export function newSecret(prefix: string): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

export async function createSession(db: Executor, userId: string): Promise<{ token: string; expiresAt: Date }> {
  const token = newSecret('wxs');
  const expiresAt = new Date(Date.now() + SESSION_TTL_MS);
  await db.insert(sessions).values({ tokenHash: hashSecret(token), userId, expiresAt });
  // Opportunistic clean-up keeps the table small without a scheduler.
  await db.delete(sessions).where(lt(sessions.expiresAt, new Date()));
  return { token, expiresAt };
}

export async function resolveSession(db: Executor, token: string): Promise<Actor | undefined> {
  const tokenHash = hashSecret(token);
  const now = new Date();
  const [row] = await db
    .select({
      userId: users.id,
      role: users.role,
      regions: users.regions,
      displayName: users.displayName,
      disabled: users.disabled,
      lastSeenAt: sessions.lastSeenAt,
    })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(and(eq(sessions.tokenHash, tokenHash), gt(sessions.expiresAt, now)));
  if (!row || row.disabled) return undefined;
  if (now.getTime() - row.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) {
    await db.update(sessions).set({ lastSeenAt: now, expiresAt: new Date(now.getTime() + SESSION_TTL_MS) }).where(eq(sessions.tokenHash, tokenHash));
  }
  return { userId: row.userId, role: row.role, regions: row.regions, displayName: row.displayName };
}

export async function deleteSession(db: Executor, token: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.tokenHash, hashSecret(token)));
}

export async function deleteUserSessions(db: Executor, userId: string): Promise<void> {
  await db.delete(sessions).where(sql`${sessions.userId} = ${userId}`);
}

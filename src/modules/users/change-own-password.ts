import { eq } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { fieldError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from './actor.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { sessions, users } from './schema.js';
import { hashSecret } from './sessions.js';
import { passwordSchema } from './user-input.js';

export const changePasswordInput = z.strictObject({
  currentPassword: z.string().min(1).max(200),
  newPassword: passwordSchema,
});

/**
 * A user changes their own password; it needs the current one. Their other sessions end
 * (a stolen cookie stops working); the one making the change stays signed in.
 */
export async function changeOwnPassword(db: Executor, actor: Actor, input: unknown, keepSessionToken?: string): Promise<void> {
  const data = parseInput(changePasswordInput, input);
  const [user] = await db.select().from(users).where(eq(users.id, actor.userId));
  if (!user || !(await verifyPassword(user.passwordHash, data.currentPassword))) {
    throw fieldError('currentPassword', 'wrong_password', { 'zh-CN': '当前密码不正确', 'en-US': 'is not your current password' });
  }
  const passwordHash = await hashPassword(data.newPassword);
  await db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, actor.userId));
    const others = await tx.select({ tokenHash: sessions.tokenHash }).from(sessions).where(eq(sessions.userId, actor.userId));
    const keep = keepSessionToken ? hashSecret(keepSessionToken) : undefined;
    for (const session of others) {
      if (session.tokenHash !== keep) await tx.delete(sessions).where(eq(sessions.tokenHash, session.tokenHash));
    }
    await writeAudit(tx, actor, { action: 'user.change_password', entity: 'user', entityId: actor.userId });
  });
}

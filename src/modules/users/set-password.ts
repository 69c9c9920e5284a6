import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { fieldError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from './actor.js';
import { hashPassword } from './passwords.js';
import { users } from './schema.js';
import { deleteUserSessions } from './sessions.js';
import { passwordSchema } from './user-input.js';

/** Sets a user's password and signs them out everywhere. */
export async function setPassword(db: Executor, actor: Actor, username: string, password: string): Promise<void> {
  const checked = parseInput(passwordSchema, password);
  const passwordHash = await hashPassword(checked);
  await db.transaction(async (tx) => {
    const updated = await tx
      .update(users)
      .set({ passwordHash, updatedAt: new Date() })
      .where(sql`lower(${users.username}) = lower(${username})`)
      .returning({ id: users.id });
    if (updated.length === 0) throw fieldError('username', 'unknown_user', { 'zh-CN': `没有用户 ${username}`, 'en-US': `No user ${username}` });
    await deleteUserSessions(tx, updated[0]!.id);
    await writeAudit(tx, actor, { action: 'user.set_password', entity: 'user', entityId: updated[0]!.id });
  });
}

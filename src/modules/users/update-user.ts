import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from './actor.js';
import { users } from './schema.js';
import { updateUserInput, type UpdateUserInput, type UserView } from './user-input.js';
import { toUserView } from './user-view.js';

/** Changes a user's settable fields (for now: the team); admins only, audited in the same transaction. */
export async function updateUser(db: Executor, actor: Actor, id: string, input: UpdateUserInput): Promise<UserView> {
  if (actor.role !== 'admin') throw new ForbiddenError();
  const data = parseInput(updateUserInput, input);
  return db.transaction(async (tx) => {
    const changes = data.team === undefined ? {} : { team: data.team };
    const [row] = await tx.update(users).set({ ...changes, updatedAt: sql`now()` }).where(eq(users.id, id)).returning();
    if (!row) throw new NotFoundError({ 'zh-CN': '用户', 'en-US': 'User' }, id);
    await writeAudit(tx, actor, { action: 'user.update', entity: 'user', entityId: id, data: changes });
    return toUserView(row);
  });
}

import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { updateGroupInput, type UpdateGroupInput } from './group-input.js';
import { assertGroupNameFree, GROUP_NAME_INDEX, groupNameTaken } from './group-name.js';
import type { GroupView } from './group-view.js';
import { getGroup, groupEntity } from './list-groups.js';
import { groups } from './schema.js';

/** Renames or recolours a group (managers and admins); fields left out stay as they are. */
export async function updateGroup(db: Executor, actor: Actor, id: string, input: UpdateGroupInput): Promise<GroupView> {
  if (!isManager(actor)) throw new ForbiddenError();
  const data = parseInput(updateGroupInput, input);
  return db.transaction(async (tx) => {
    const [current] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, id)).for('update');
    if (!current) throw new NotFoundError(groupEntity, id);
    if (data.name !== undefined) await assertGroupNameFree(tx, data.name, id);
    const changes: Partial<typeof groups.$inferInsert> = {};
    if (data.name !== undefined) changes.name = data.name;
    if (data.color !== undefined) changes.color = data.color;
    if (data.description !== undefined) changes.description = data.description || null;
    try {
      await tx.update(groups).set({ ...changes, updatedAt: sql`now()` }).where(eq(groups.id, id));
    } catch (error) {
      if (data.name !== undefined && isUniqueViolation(error, GROUP_NAME_INDEX)) throw groupNameTaken(data.name);
      throw error;
    }
    await writeAudit(tx, actor, { action: 'group.update', entity: 'group', entityId: id, data: { fields: Object.keys(changes) } });
    return getGroup(tx, actor, id);
  });
}

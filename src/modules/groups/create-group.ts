import type { Executor } from '../../db/connect.js';
import { ForbiddenError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { createGroupInput, type CreateGroupInput } from './group-input.js';
import { assertGroupNameFree, GROUP_NAME_INDEX, groupNameTaken } from './group-name.js';
import type { GroupView } from './group-view.js';
import { getGroup } from './list-groups.js';
import { groups } from './schema.js';

/** Creates a customer group (managers and admins). */
export async function createGroup(db: Executor, actor: Actor, input: CreateGroupInput): Promise<GroupView> {
  if (!isManager(actor)) throw new ForbiddenError();
  const data = parseInput(createGroupInput, input);
  const id = newId();
  return db.transaction(async (tx) => {
    await assertGroupNameFree(tx, data.name);
    try {
      await tx.insert(groups).values({ id, name: data.name, color: data.color ?? null, description: data.description || null });
    } catch (error) {
      if (isUniqueViolation(error, GROUP_NAME_INDEX)) throw groupNameTaken(data.name);
      throw error;
    }
    await writeAudit(tx, actor, { action: 'group.create', entity: 'group', entityId: id, data: { name: data.name } });
    return getGroup(tx, actor, id);
  });
}

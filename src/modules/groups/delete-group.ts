import { eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ForbiddenError, NotFoundError } from '../../shared/errors.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { groupEntity } from './list-groups.js';
import { refreshGroupKeys } from '../customers/refresh-group-keys.js';
import { customerGroups, groups } from './schema.js';

/** Deletes a group (managers and admins); memberships go with it, customers stay. */
export async function deleteGroup(db: Executor, actor: Actor, id: string): Promise<void> {
  if (!isManager(actor)) throw new ForbiddenError();
  await db.transaction(async (tx) => {
    // Memberships go by cascade; their members' group tokens must go too.
    const members = await tx.select({ customerId: customerGroups.customerId }).from(customerGroups).where(eq(customerGroups.groupId, id));
    const [deleted] = await tx.delete(groups).where(eq(groups.id, id)).returning({ name: groups.name });
    if (!deleted) throw new NotFoundError(groupEntity, id);
    await refreshGroupKeys(tx, members.map((row) => row.customerId));
    await writeAudit(tx, actor, { action: 'group.delete', entity: 'group', entityId: id, data: { name: deleted.name } });
  });
}

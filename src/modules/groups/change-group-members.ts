import { and, eq, inArray } from 'drizzle-orm';
import type { Executor, Tx } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { customerAccess } from '../customers/access.js';
import { customers } from '../customers/schema.js';
import type { Actor } from '../users/actor.js';
import { groupMembersInput, type GroupMembersInput } from './group-input.js';
import type { AddMembersResult, RemoveMembersResult } from './group-view.js';
import { groupEntity } from './list-groups.js';
import { refreshGroupKeys } from '../customers/refresh-group-keys.js';
import { customerGroups, groups } from './schema.js';

/**
 * Bulk membership changes. Anyone may change memberships of the customers they can see
 * (as they can through a customer's own groupIds); ids they cannot see are counted as
 * not found and left alone. The group and the customers are locked against deletion
 * (FOR KEY SHARE) so the membership rows' foreign keys cannot fail half-way.
 */
async function lockGroupAndCustomers(tx: Tx, actor: Actor, groupId: string, input: GroupMembersInput) {
  const { customerIds } = parseInput(groupMembersInput, input);
  const [group] = await tx.select({ id: groups.id }).from(groups).where(eq(groups.id, groupId)).for('key share');
  if (!group) throw new NotFoundError(groupEntity, groupId);
  const requested = [...new Set(customerIds)];
  const visible = await tx
    .select({ id: customers.id })
    .from(customers)
    .where(and(inArray(customers.id, requested), customerAccess(actor)))
    .for('key share');
  return { visibleIds: visible.map((row) => row.id), notFound: requested.length - visible.length };
}

export async function addGroupMembers(db: Executor, actor: Actor, groupId: string, input: GroupMembersInput): Promise<AddMembersResult> {
  return db.transaction(async (tx) => {
    const { visibleIds, notFound } = await lockGroupAndCustomers(tx, actor, groupId, input);
    const added = visibleIds.length === 0 ? [] : await tx
      .insert(customerGroups)
      .values(visibleIds.map((customerId) => ({ customerId, groupId })))
      .onConflictDoNothing()
      .returning({ customerId: customerGroups.customerId });
    await refreshGroupKeys(tx, added.map((row) => row.customerId));
    await writeAudit(tx, actor, { action: 'group.members.add', entity: 'group', entityId: groupId, data: { customerIds: added.map((row) => row.customerId) } });
    return { added: added.length, alreadyMembers: visibleIds.length - added.length, notFound };
  });
}

export async function removeGroupMembers(db: Executor, actor: Actor, groupId: string, input: GroupMembersInput): Promise<RemoveMembersResult> {
  return db.transaction(async (tx) => {
    const { visibleIds, notFound } = await lockGroupAndCustomers(tx, actor, groupId, input);
    const removed = visibleIds.length === 0 ? [] : await tx
      .delete(customerGroups)
      .where(and(eq(customerGroups.groupId, groupId), inArray(customerGroups.customerId, visibleIds)))
      .returning({ customerId: customerGroups.customerId });
    await refreshGroupKeys(tx, removed.map((row) => row.customerId));
    await writeAudit(tx, actor, { action: 'group.members.remove', entity: 'group', entityId: groupId, data: { customerIds: removed.map((row) => row.customerId) } });
    return { removed: removed.length, notMembers: visibleIds.length - removed.length, notFound };
  });
}

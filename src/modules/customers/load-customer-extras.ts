import { asc, eq, inArray } from 'drizzle-orm';
import { concurrently, type Executor } from '../../db/connect.js';
import { customerGroups, groups } from '../groups/schema.js';
import { users } from '../users/schema.js';
import type { CustomerSummary } from './customer-view.js';

/** Owner names and group chips for a page of customers, in two queries (not 2 per row). */
export async function loadCustomerExtras(
  db: Executor,
  rows: { id: string; ownerId: string | null }[],
): Promise<{ ownerNames: Map<string, string>; groupsByCustomer: Map<string, CustomerSummary['groups']> }> {
  const ownerIds = [...new Set(rows.map((row) => row.ownerId).filter((id): id is string => id !== null))];
  const customerIds = rows.map((row) => row.id);
  const [owners, memberships] = await concurrently(
    db,
    () => ownerIds.length > 0
      ? db.select({ id: users.id, name: users.displayName }).from(users).where(inArray(users.id, ownerIds))
      : Promise.resolve([]),
    () => customerIds.length > 0
      ? db
          .select({ customerId: customerGroups.customerId, id: groups.id, name: groups.name, color: groups.color })
          .from(customerGroups)
          .innerJoin(groups, eq(groups.id, customerGroups.groupId))
          .where(inArray(customerGroups.customerId, customerIds))
          .orderBy(asc(groups.name))
      : Promise.resolve([]),
  );
  const ownerNames = new Map(owners.map((owner) => [owner.id, owner.name]));
  const groupsByCustomer = new Map<string, CustomerSummary['groups']>();
  for (const membership of memberships) {
    const list = groupsByCustomer.get(membership.customerId) ?? [];
    list.push({ id: membership.id, name: membership.name, color: membership.color });
    groupsByCustomer.set(membership.customerId, list);
  }
  return { ownerNames, groupsByCustomer };
}

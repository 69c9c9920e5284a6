import { and, asc, eq, sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { customerAccess } from '../customers/access.js';
import { customers } from '../customers/schema.js';
import type { Actor } from '../users/actor.js';
import type { GroupView } from './group-view.js';
import { customerGroups, groups } from './schema.js';

export const groupEntity = { 'zh-CN': '分组', 'en-US': 'Group' };

async function queryGroups(db: Executor, actor: Actor, where?: SQL): Promise<GroupView[]> {
  // Members are counted through the access filter: staff must not learn how many customers
  // they cannot see. (Joins, not a correlated subquery: drizzle leaves column names
  // unqualified in a single-table select, which a subquery would then misread.)
  const rows = await db
    .select({
      id: groups.id,
      name: groups.name,
      color: groups.color,
      description: groups.description,
      customerCount: sql<number>`count(${customers.id})::int`,
      createdAt: groups.createdAt,
    })
    .from(groups)
    .leftJoin(customerGroups, eq(customerGroups.groupId, groups.id))
    .leftJoin(customers, and(eq(customers.id, customerGroups.customerId), customerAccess(actor)))
    .where(where)
    .groupBy(groups.id)
    .orderBy(asc(groups.name), asc(groups.id));
  return rows.map((row) => ({ ...row, createdAt: row.createdAt.toISOString() }));
}

/** All groups (everyone may read them) with how many of their members the actor can see. */
export function listGroups(db: Executor, actor: Actor): Promise<GroupView[]> {
  return queryGroups(db, actor);
}

export async function getGroup(db: Executor, actor: Actor, id: string): Promise<GroupView> {
  const [group] = await queryGroups(db, actor, eq(groups.id, id));
  if (!group) throw new NotFoundError(groupEntity, id);
  return group;
}

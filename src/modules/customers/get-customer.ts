import { and, desc, eq } from 'drizzle-orm';
import { concurrently, type Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import type { Actor } from '../users/actor.js';
import { users } from '../users/schema.js';
import { customerAccess } from './access.js';
import { toCustomerSummary, type CustomerView } from './customer-view.js';
import { loadCustomerExtras } from './load-customer-extras.js';
import { customers, customerStageChanges } from './schema.js';

export const customerEntity = { 'zh-CN': '客户', 'en-US': 'Customer' };

/** Throws NotFound both when the customer does not exist and when the actor may not see it. */
export async function getCustomer(db: Executor, actor: Actor, id: string): Promise<CustomerView> {
  const [row] = await db.select().from(customers).where(and(eq(customers.id, id), customerAccess(actor)));
  if (!row) throw new NotFoundError(customerEntity, id);
  const [{ ownerNames, groupsByCustomer }, history] = await concurrently(
    db,
    () => loadCustomerExtras(db, [row]),
    () =>
      db
      .select({
        fromStage: customerStageChanges.fromStage,
        toStage: customerStageChanges.toStage,
        reason: customerStageChanges.reason,
        userId: customerStageChanges.userId,
        userName: users.displayName,
        at: customerStageChanges.at,
      })
      .from(customerStageChanges)
      .leftJoin(users, eq(users.id, customerStageChanges.userId))
      .where(eq(customerStageChanges.customerId, id))
      .orderBy(desc(customerStageChanges.at), desc(customerStageChanges.id))
      .limit(100),
  );
  return {
    ...toCustomerSummary(row, {
      ownerName: row.ownerId ? (ownerNames.get(row.ownerId) ?? null) : null,
      groups: groupsByCustomer.get(row.id) ?? [],
    }),
    gender: row.gender,
    wechat: row.wechat,
    qq: row.qq,
    address: row.address,
    source: row.source,
    importantDates: row.importantDates,
    customFields: row.customFields,
    version: row.version,
    stageHistory: history.map((change) => ({
      fromStage: change.fromStage as CustomerView['stage'] | null,
      toStage: change.toStage as CustomerView['stage'],
      reason: change.reason,
      userId: change.userId,
      userName: change.userName,
      at: change.at.toISOString(),
    })),
  };
}

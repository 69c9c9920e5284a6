import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { writeAudit } from '../audit/write-audit.js';
import { deleteSystemEvents } from '../timeline/record-system-event.js';
import { requireVisibleCustomer } from '../timeline/visible-customer.js';
import type { Actor } from '../users/actor.js';
import { orders } from './schema.js';

export const orderEntity = { 'zh-CN': '订单', 'en-US': 'Order' };

/** Deletes an order entered by mistake, with its purchase entry on the timeline. */
export async function deleteOrder(db: Executor, actor: Actor, customerId: string, orderId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requireVisibleCustomer(tx, actor, customerId, { lock: true });
    const [deleted] = await tx
      .delete(orders)
      .where(and(eq(orders.customerId, customerId), eq(orders.id, orderId)))
      .returning({ amount: sql<string>`${orders.amount}::text`, currency: orders.currency, externalId: orders.externalId });
    if (!deleted) throw new NotFoundError(orderEntity, orderId);
    await deleteSystemEvents(tx, customerId, 'purchase', { orderId });
    await writeAudit(tx, actor, { action: 'order.delete', entity: 'order', entityId: orderId, customerId, data: deleted });
  });
}

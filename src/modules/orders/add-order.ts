import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ConflictError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { writeAudit } from '../audit/write-audit.js';
import { recordSystemEvent } from '../timeline/record-system-event.js';
import { requireVisibleCustomer } from '../timeline/visible-customer.js';
import type { Actor } from '../users/actor.js';
import { getOrder } from './list-orders.js';
import { addOrderInput, type AddOrderInput } from './order-input.js';
import type { OrderView } from './order-view.js';
import { orders } from './schema.js';

function externalIdTaken(externalId: string, orderId?: string): ConflictError {
  return new ConflictError('external_id_taken', {
    'zh-CN': `该客户已有外部编号为 ${externalId} 的订单`,
    'en-US': `This customer already has an order with external id ${externalId}`,
  }, { field: 'externalId', orderId });
}

/** Records an order (or a refund) and puts the purchase on the customer's timeline. */
export async function addOrder(db: Executor, actor: Actor, customerId: string, input: AddOrderInput): Promise<OrderView> {
  const data = parseInput(addOrderInput, input);
  return db.transaction(async (tx) => {
    await requireVisibleCustomer(tx, actor, customerId, { lock: true });
    if (data.externalId) {
      const [existing] = await tx
        .select({ id: orders.id })
        .from(orders)
        .where(and(eq(orders.customerId, customerId), eq(orders.externalId, data.externalId)));
      if (existing) throw externalIdTaken(data.externalId, existing.id);
    }
    const id = newId();
    try {
      await tx.insert(orders).values({
        id,
        customerId,
        orderedAt: new Date(data.orderedAt),
        amount: data.amount,
        cost: data.cost ?? null,
        currency: data.currency,
        description: data.description || null,
        items: data.items,
        channel: data.channel || null,
        externalId: data.externalId || null,
        createdBy: actor.userId,
      });
    } catch (error) {
      if (data.externalId && isUniqueViolation(error, 'orders_customer_external_id_key')) throw externalIdTaken(data.externalId);
      throw error;
    }
    const order = (await getOrder(tx, customerId, id))!;
    await recordSystemEvent(tx, actor, customerId, {
      kind: 'purchase',
      channel: order.channel,
      occurredAt: order.orderedAt,
      subject: `${order.currency} ${order.amount}`,
      bodyText: order.description ?? order.items.map((item) => `${item.name} × ${item.quantity}`).join('\n'),
      data: { orderId: id, amount: order.amount, currency: order.currency },
    });
    await writeAudit(tx, actor, {
      action: 'order.create',
      entity: 'order',
      entityId: id,
      customerId,
      data: { amount: order.amount, currency: order.currency, externalId: order.externalId },
    });
    return order;
  });
}

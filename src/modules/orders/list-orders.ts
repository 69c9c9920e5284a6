import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { concurrently, type Executor } from '../../db/connect.js';
import { exactTimestamp, pageOf } from '../../shared/cursor.js';
import { parseInput } from '../../shared/parse-input.js';
import { customerRecordsWhere } from '../timeline/visible-customer.js';
import type { Actor } from '../users/actor.js';
import { listOrdersFilter, type ListOrdersFilter } from './order-input.js';
import { toOrderView, type OrderTotals, type OrderView } from './order-view.js';
import { orders } from './schema.js';

export type OrdersPage = { items: OrderView[]; nextCursor: string | null; totals: OrderTotals };

/** Numeric columns as SQL's own text, so "12.30" stays "12.30" whatever the driver does with numeric. */
async function queryOrders(db: Executor, where: SQL | undefined, limit: number) {
  return db
    .select({
      id: orders.id,
      customerId: orders.customerId,
      orderedAt: orders.orderedAt,
      amount: sql<string>`${orders.amount}::text`,
      cost: sql<string | null>`${orders.cost}::text`,
      currency: orders.currency,
      description: orders.description,
      channel: orders.channel,
      items: orders.items,
      externalId: orders.externalId,
      createdBy: orders.createdBy,
      createdAt: orders.createdAt,
      sortKey: exactTimestamp(orders.orderedAt),
    })
    .from(orders)
    .where(where)
    .orderBy(desc(orders.orderedAt), desc(orders.id))
    .limit(limit);
}

/** Count and sums over all of a customer's orders, added up exactly by SQL numeric. */
async function orderTotals(db: Executor, customerId: string): Promise<OrderTotals> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      revenue: sql<string>`round(coalesce(sum(${orders.amount}), 0), 2)::text`,
      cost: sql<string>`round(coalesce(sum(${orders.cost}), 0), 2)::text`,
      margin: sql<string>`round(coalesce(sum(${orders.amount}), 0) - coalesce(sum(${orders.cost}), 0), 2)::text`,
      currencies: sql<string[]>`coalesce(array_agg(DISTINCT ${orders.currency} ORDER BY ${orders.currency}), '{}')`,
    })
    .from(orders)
    .where(eq(orders.customerId, customerId));
  return row!;
}

/** A customer's orders, newest first, with totals over all of them. */
export async function listOrders(db: Executor, actor: Actor, customerId: string, input: ListOrdersFilter = {}): Promise<OrdersPage> {
  const filter = parseInput(listOrdersFilter, input);
  const where = await customerRecordsWhere(db, actor, customerId, { customerId: orders.customerId, time: orders.orderedAt, id: orders.id }, filter.cursor);
  const [rows, totals] = await concurrently(
    db,
    () => queryOrders(db, where, filter.limit + 1),
    () => orderTotals(db, customerId),
  );
  const { page, nextCursor } = pageOf(rows, filter.limit);
  return { items: page.map(toOrderView), nextCursor, totals };
}

export async function getOrder(db: Executor, customerId: string, id: string): Promise<OrderView | undefined> {
  const [row] = await queryOrders(db, and(eq(orders.customerId, customerId), eq(orders.id, id)), 1);
  return row && toOrderView(row);
}

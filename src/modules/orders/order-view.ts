import { z } from 'zod';
import type { OrderItem } from './schema.js';

const decimal = z.string().describe('Decimal string, e.g. "1288.50"');

export const orderView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  orderedAt: z.string(),
  amount: decimal,
  cost: decimal.nullable(),
  currency: z.string(),
  description: z.string().nullable(),
  channel: z.string().nullable(),
  items: z.array(z.object({ name: z.string(), quantity: z.number().int(), unitPrice: decimal })),
  externalId: z.string().nullable(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
});
export type OrderView = z.infer<typeof orderView>;

export const orderTotalsView = z.object({
  count: z.number().int(),
  revenue: decimal.describe('Sum of amounts (refunds are negative)'),
  cost: decimal.describe('Sum of the costs that were recorded'),
  margin: decimal.describe('revenue − cost'),
  currencies: z.array(z.string()).describe('Currencies of the orders; the sums mix them when there is more than one'),
});
export type OrderTotals = z.infer<typeof orderTotalsView>;

export type OrderRow = Omit<OrderView, 'orderedAt' | 'createdAt' | 'items'> & { orderedAt: Date; createdAt: Date; items: OrderItem[] };

export function toOrderView(row: OrderRow): OrderView {
  return {
    id: row.id,
    customerId: row.customerId,
    orderedAt: row.orderedAt.toISOString(),
    amount: row.amount,
    cost: row.cost,
    currency: row.currency,
    description: row.description,
    channel: row.channel,
    items: row.items,
    externalId: row.externalId,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
  };
}

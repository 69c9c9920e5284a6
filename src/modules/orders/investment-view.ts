import { z } from 'zod';
import { investmentKinds } from './schema.js';

export const investmentView = z.object({
  id: z.uuid(),
  customerId: z.uuid(),
  kind: z.enum(investmentKinds),
  occurredAt: z.string(),
  cost: z.string().describe('Decimal string'),
  hours: z.string().nullable().describe('Decimal string'),
  description: z.string().nullable(),
  userId: z.string().nullable(),
  createdAt: z.string(),
});
export type InvestmentView = z.infer<typeof investmentView>;

export const investmentTotalsView = z.object({
  count: z.number().int(),
  cost: z.string().describe('Sum of costs, decimal string'),
  hours: z.string().describe('Sum of service hours, decimal string'),
});
export type InvestmentTotals = z.infer<typeof investmentTotalsView>;

export type InvestmentRow = Omit<InvestmentView, 'occurredAt' | 'createdAt'> & { occurredAt: Date; createdAt: Date };

export function toInvestmentView(row: InvestmentRow): InvestmentView {
  return {
    id: row.id,
    customerId: row.customerId,
    kind: row.kind,
    occurredAt: row.occurredAt.toISOString(),
    cost: row.cost,
    hours: row.hours,
    description: row.description,
    userId: row.userId,
    createdAt: row.createdAt.toISOString(),
  };
}

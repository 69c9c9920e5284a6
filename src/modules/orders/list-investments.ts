import { and, desc, eq, sql, type SQL } from 'drizzle-orm';
import { concurrently, type Executor } from '../../db/connect.js';
import { exactTimestamp, pageOf } from '../../shared/cursor.js';
import { parseInput } from '../../shared/parse-input.js';
import { customerRecordsWhere } from '../timeline/visible-customer.js';
import type { Actor } from '../users/actor.js';
import { listInvestmentsFilter, type ListInvestmentsFilter } from './investment-input.js';
import { toInvestmentView, type InvestmentTotals, type InvestmentView } from './investment-view.js';
import { investments } from './schema.js';

export type InvestmentsPage = { items: InvestmentView[]; nextCursor: string | null; totals: InvestmentTotals };

async function queryInvestments(db: Executor, where: SQL | undefined, limit: number) {
  return db
    .select({
      id: investments.id,
      customerId: investments.customerId,
      kind: investments.kind,
      occurredAt: investments.occurredAt,
      cost: sql<string>`${investments.cost}::text`,
      hours: sql<string | null>`${investments.hours}::text`,
      description: investments.description,
      userId: investments.userId,
      createdAt: investments.createdAt,
      sortKey: exactTimestamp(investments.occurredAt),
    })
    .from(investments)
    .where(where)
    .orderBy(desc(investments.occurredAt), desc(investments.id))
    .limit(limit);
}

async function investmentTotals(db: Executor, customerId: string): Promise<InvestmentTotals> {
  const [row] = await db
    .select({
      count: sql<number>`count(*)::int`,
      cost: sql<string>`round(coalesce(sum(${investments.cost}), 0), 2)::text`,
      hours: sql<string>`round(coalesce(sum(${investments.hours}), 0), 2)::text`,
    })
    .from(investments)
    .where(eq(investments.customerId, customerId));
  return row!;
}

/** What the company has spent on a customer, newest first, with totals over all of it. */
export async function listInvestments(db: Executor, actor: Actor, customerId: string, input: ListInvestmentsFilter = {}): Promise<InvestmentsPage> {
  const filter = parseInput(listInvestmentsFilter, input);
  const where = await customerRecordsWhere(db, actor, customerId, { customerId: investments.customerId, time: investments.occurredAt, id: investments.id }, filter.cursor);
  const [rows, totals] = await concurrently(
    db,
    () => queryInvestments(db, where, filter.limit + 1),
    () => investmentTotals(db, customerId),
  );
  const { page, nextCursor } = pageOf(rows, filter.limit);
  return { items: page.map(toInvestmentView), nextCursor, totals };
}

export async function getInvestment(db: Executor, customerId: string, id: string): Promise<InvestmentView | undefined> {
  const [row] = await queryInvestments(db, and(eq(investments.customerId, customerId), eq(investments.id, id)), 1);
  return row && toInvestmentView(row);
}

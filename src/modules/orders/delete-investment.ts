import { and, eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { writeAudit } from '../audit/write-audit.js';
import { requireVisibleCustomer } from '../timeline/visible-customer.js';
import type { Actor } from '../users/actor.js';
import { investments } from './schema.js';

export const investmentEntity = { 'zh-CN': '投入记录', 'en-US': 'Investment' };

/** Deletes an investment entered by mistake. */
export async function deleteInvestment(db: Executor, actor: Actor, customerId: string, investmentId: string): Promise<void> {
  await db.transaction(async (tx) => {
    await requireVisibleCustomer(tx, actor, customerId, { lock: true });
    const [deleted] = await tx
      .delete(investments)
      .where(and(eq(investments.customerId, customerId), eq(investments.id, investmentId)))
      .returning({ kind: investments.kind, cost: sql<string>`${investments.cost}::text` });
    if (!deleted) throw new NotFoundError(investmentEntity, investmentId);
    await writeAudit(tx, actor, { action: 'investment.delete', entity: 'investment', entityId: investmentId, customerId, data: deleted });
  });
}

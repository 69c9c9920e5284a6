import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { requireVisibleCustomer } from '../timeline/visible-customer.js';
import type { Actor } from '../users/actor.js';
import { addInvestmentInput, type AddInvestmentInput } from './investment-input.js';
import type { InvestmentView } from './investment-view.js';
import { getInvestment } from './list-investments.js';
import { investments } from './schema.js';

/** Records what the company spent on a customer (企业投入), for cost-to-serve and profit. */
export async function addInvestment(db: Executor, actor: Actor, customerId: string, input: AddInvestmentInput): Promise<InvestmentView> {
  const data = parseInput(addInvestmentInput, input);
  return db.transaction(async (tx) => {
    await requireVisibleCustomer(tx, actor, customerId, { lock: true });
    const id = newId();
    await tx.insert(investments).values({
      id,
      customerId,
      kind: data.kind,
      occurredAt: new Date(data.occurredAt),
      cost: data.cost,
      hours: data.hours ?? null,
      description: data.description || null,
      userId: actor.userId,
    });
    const investment = (await getInvestment(tx, customerId, id))!;
    await writeAudit(tx, actor, {
      action: 'investment.create',
      entity: 'investment',
      entityId: id,
      customerId,
      data: { kind: investment.kind, cost: investment.cost, hours: investment.hours },
    });
    return investment;
  });
}

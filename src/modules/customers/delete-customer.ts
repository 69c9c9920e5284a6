import { and, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { customerAccess } from './access.js';
import { customerEntity } from './get-customer.js';
import { customers } from './schema.js';

/** Deletes a customer with their timeline, orders and memberships (foreign keys cascade). */
export async function deleteCustomer(db: Executor, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx
      .delete(customers)
      .where(and(eq(customers.id, id), customerAccess(actor)))
      .returning({ id: customers.id, name: customers.name });
    if (deleted.length === 0) throw new NotFoundError(customerEntity, id);
    await writeAudit(tx, actor, { action: 'customer.delete', entity: 'customer', entityId: id, customerId: id, data: { name: deleted[0]!.name } });
  });
}

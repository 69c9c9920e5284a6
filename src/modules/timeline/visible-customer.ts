import { and, eq, type AnyColumn, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { olderThanCursor } from '../../shared/cursor.js';
import { NotFoundError } from '../../shared/errors.js';
import { customerAccess } from '../customers/access.js';
import { customerEntity } from '../customers/get-customer.js';
import { customers } from '../customers/schema.js';
import type { Actor } from '../users/actor.js';

/**
 * The gate in front of everything that hangs off a customer (timeline, orders,
 * investments): the customer must be visible to the actor through customerAccess, or
 * the answer is 404, the same as for a customer that does not exist.
 *
 * `lock` is for writes inside a transaction: FOR KEY SHARE keeps the customer from being
 * deleted before the transaction commits (so the child row's foreign key cannot fail),
 * while still letting other transactions edit the customer's fields.
 */
export async function requireVisibleCustomer(db: Executor, actor: Actor, customerId: string, options: { lock?: boolean } = {}): Promise<void> {
  const query = db.select({ id: customers.id }).from(customers).where(and(eq(customers.id, customerId), customerAccess(actor)));
  const found = options.lock ? await query.for('key share') : await query;
  if (found.length === 0) throw new NotFoundError(customerEntity, customerId);
}

type RecordColumns = { customerId: AnyColumn; time: AnyColumn; id: AnyColumn };

/**
 * The WHERE for one page of a customer's records (interactions, orders, investments),
 * newest first, after checking that the actor may see the customer.
 */
export async function customerRecordsWhere(
  db: Executor,
  actor: Actor,
  customerId: string,
  columns: RecordColumns,
  cursor: string | undefined,
  ...extra: SQL[]
): Promise<SQL> {
  await requireVisibleCustomer(db, actor, customerId);
  const conditions = [eq(columns.customerId, customerId), ...extra];
  if (cursor) conditions.push(olderThanCursor(columns.time, columns.id, cursor));
  return and(...conditions)!;
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { uuidArray } from './access.js';

/**
 * Re-derives the group tokens (g:<group id>) in search_keys from customer_groups for the
 * given customers. Call it in the same transaction as any change to group membership
 * that does not go through createCustomer/updateCustomer (bulk add/remove, deleting a
 * group), so that filtering by group stays exact. Done in SQL so it is one statement
 * however many customers a change touches.
 */
export async function refreshGroupKeys(db: Executor, customerIds: readonly string[]): Promise<void> {
  if (customerIds.length === 0) return;
  await db.execute(sql`
    UPDATE customers c
    SET search_keys = ARRAY(SELECT k FROM unnest(c.search_keys) AS k WHERE k NOT LIKE 'g:%')
                      || COALESCE((SELECT array_agg('g:' || cg.group_id::text ORDER BY cg.group_id)
                                   FROM customer_groups cg WHERE cg.customer_id = c.id), '{}')
    WHERE c.id = ANY(${uuidArray(customerIds)})`);
}

import { sql, type SQL } from 'drizzle-orm';
import { isManager, type Actor } from '../users/actor.js';
import { customers } from './schema.js';

/**
 * The one place that decides which customers an actor may see and change. Every query
 * that reads or writes customers (or their timeline, orders, investments) adds this.
 * Managers and admins see everyone; staff see the customers they own and those in the
 * regions they look after (DOMAIN: after-sales staff own regions).
 */
export function customerAccess(actor: Actor): SQL {
  if (isManager(actor)) return sql`true`;
  return sql`(${customers.ownerId} = ${actor.userId} OR ${customers.region} = ANY(${textArray(actor.regions)}))`;
}

/** A JS string array as one text[] parameter (drizzle would otherwise spread it). */
export function textArray(values: readonly string[]): SQL {
  return sql`${sql.param(values)}::text[]`;
}

export function uuidArray(values: readonly string[]): SQL {
  return sql`${sql.param(values)}::uuid[]`;
}

import { sql, type SQL } from 'drizzle-orm';
import { isManager, type Actor } from '../users/actor.js';
import { customers } from './schema.js';
import { filterKey } from './search-fields.js';

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

/**
 * The same scope as customerAccess, as search_keys tokens (owner or region), so the list
 * query can answer it from the GIN index together with its filters. Undefined: no limit.
 */
export function customerAccessKeys(actor: Actor): string[] | undefined {
  if (isManager(actor)) return undefined;
  return [filterKey.owner(actor.userId), ...actor.regions.map(filterKey.region)];
}

/** A JS string array as one text[] parameter (drizzle would otherwise spread it). */
export function textArray(values: readonly string[]): SQL {
  return sql`${sql.param(values)}::text[]`;
}

export function uuidArray(values: readonly string[]): SQL {
  return sql`${sql.param(values)}::uuid[]`;
}

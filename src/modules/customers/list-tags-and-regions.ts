import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { Actor } from '../users/actor.js';
import { customerAccess } from './access.js';

/** Tags on the customers the actor can see, most used first (for filter chips). */
export async function listTags(db: Executor, actor: Actor, limit = 200): Promise<{ tag: string; count: number }[]> {
  const result = await db.execute(sql`
    SELECT tag, count(*)::int AS count
    FROM customers, unnest(customers.tags) AS tag
    WHERE ${customerAccess(actor)}
    GROUP BY tag
    ORDER BY count(*) DESC, tag
    LIMIT ${limit}`);
  return (result as unknown as { rows: { tag: string; count: number }[] }).rows;
}

/** Regions of the customers the actor can see, with counts (for the region filter). */
export async function listRegions(db: Executor, actor: Actor): Promise<{ region: string; count: number }[]> {
  const result = await db.execute(sql`
    SELECT region, count(*)::int AS count
    FROM customers
    WHERE region IS NOT NULL AND ${customerAccess(actor)}
    GROUP BY region
    ORDER BY count(*) DESC, region
    LIMIT 500`);
  return (result as unknown as { rows: { region: string; count: number }[] }).rows;
}

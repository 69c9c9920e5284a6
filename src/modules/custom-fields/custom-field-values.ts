import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { textArray } from '../customers/access.js';

/*
 * Definitions are global, so these reach every customer, not only those the actor can
 * see (hence "unsafe"): a value left behind on a hidden customer would still be wrong.
 * Only managers and admins, who see everyone anyway, get here.
 * jsonb_exists/jsonb_exists_any are the functions behind the ? and ?| operators, spelled
 * out because drivers may read a bare ? as a parameter placeholder. For a select the
 * value is a JSON string, which they match too.
 */

/** How many customers use each of these options of a select/multiselect field. */
export async function unsafeCountOptionUse(db: Executor, key: string, options: string[]): Promise<{ customers: number; byOption: { option: string; customers: number }[] }> {
  const result = await db.execute(sql`
    SELECT opt AS option, count(*)::int AS customers
    FROM customers, unnest(${textArray(options)}) AS opt
    WHERE jsonb_exists(customers.custom_fields -> ${key}::text, opt)
    GROUP BY opt
    ORDER BY opt`);
  const byOption = (result as unknown as { rows: { option: string; customers: number }[] }).rows;
  if (byOption.length === 0) return { customers: 0, byOption };
  const total = await db.execute(sql`
    SELECT count(*)::int AS n FROM customers
    WHERE jsonb_exists_any(customers.custom_fields -> ${key}::text, ${textArray(options)})`);
  return { customers: Number((total as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0), byOption };
}

/** Removes a field's values from every customer; returns how many customers had one. */
export async function unsafeClearCustomFieldValues(db: Executor, key: string): Promise<number> {
  const result = await db.execute(sql`
    WITH cleared AS (
      UPDATE customers SET custom_fields = custom_fields - ${key}::text
      WHERE jsonb_exists(custom_fields, ${key}::text)
      RETURNING 1)
    SELECT count(*)::int AS n FROM cleared`);
  return Number((result as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0);
}

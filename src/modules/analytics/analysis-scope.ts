import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { getCompanySettings } from '../settings/company-settings.js';
import type { Actor } from '../users/actor.js';

/**
 * What every analysis is computed over: the customers an actor may see, and the orders
 * and investments before the start of `asOf` in the company's time zone. Days are
 * calendar days in that zone, so a purchase at 23:30 in Shanghai counts for that day.
 */
export const analysisInput = z.strictObject({
  /** The first day not included (YYYY-MM-DD); default: today in the company's time zone. */
  asOf: z.iso.date().optional(),
});
export type AnalysisInput = z.input<typeof analysisInput>;

export type AnalysisScope = { actor: Actor; asOf: string; timeZone: string };

export function todayIn(timeZone: string): string {
  // en-CA writes dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' }).format(new Date());
}

export async function resolveScope(db: Executor, actor: Actor, input: z.output<typeof analysisInput>): Promise<AnalysisScope> {
  const { timeZone } = await getCompanySettings(db);
  return { actor, asOf: input.asOf ?? todayIn(timeZone), timeZone };
}

/** The first instant of `asOf` in the company's time zone: everything before it counts. */
export function scopeEnd(scope: AnalysisScope): SQL {
  return sql`((${scope.asOf}::date)::timestamp AT TIME ZONE ${scope.timeZone})`;
}

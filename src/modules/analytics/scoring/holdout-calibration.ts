import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';
import { bgNbdPredictor, calibrationHoldoutByFrequency, fitBgNbd } from '../models/index.js';
import type { AnalysisScope } from '../analysis-scope.js';
import { customerSummariesSql } from '../customer-summaries.js';
import type { CalibrationRow } from './fit-purchase-models.js';

/** Days held out at the end, and how many buyers (at most) the check samples. */
export const HOLDOUT_DAYS = 90;
const SAMPLE = 20_000;

export type HoldoutCalibration = { holdoutDays: number; sampled: number; status: string; rows: CalibrationRow[]; actualTotal: number; expectedTotal: number };

/**
 * The out-of-sample check of the purchase model (FHL 2005 fig. 5): for a sample of the buyers
 * who had bought before asOf − 90 days (chosen by a hash of their id, so the same customers
 * every day), BG/NBD is fitted on their histories up to that day and its expected purchases
 * in the 90 days after are set against what they actually bought, by calibration-period
 * repeat purchases (0 … 7+). Reads the sample's orders through the customer index only.
 */
export async function holdoutCalibration(tx: Executor, scope: AnalysisScope): Promise<HoldoutCalibration | null> {
  const cut = (await tx.execute(sql`SELECT to_char(${scope.asOf}::date - ${HOLDOUT_DAYS}::int, 'YYYY-MM-DD') AS day`)) as unknown as { rows: { day: string }[] };
  const calibrationEnd = cut.rows[0]!.day;
  const eligible = (await tx.execute(sql`SELECT count(*)::int AS n FROM wx_summaries WHERE first_day < ${calibrationEnd}::date`)) as unknown as { rows: { n: number }[] };
  const n = Number(eligible.rows[0]?.n ?? 0);
  if (n < 2) return null;
  const buckets = Math.min(1024, Math.ceil((1024 * SAMPLE) / n));
  const sampled = (await tx.execute(sql`
    SELECT customer_id FROM wx_summaries WHERE first_day < ${calibrationEnd}::date AND (hashtext(customer_id::text) & 1023) < ${buckets}`)) as unknown as { rows: { customer_id: string }[] };
  const ids = sampled.rows.map((row) => row.customer_id);
  if (ids.length < 2) return null;
  const calibrationScope = { ...scope, asOf: calibrationEnd };
  const rows = (await tx.execute(sql`
    SELECT c.frequency AS x, c.recency_days AS tx, c.tenure_days AS t,
           coalesce((SELECT count(DISTINCT (o.ordered_at AT TIME ZONE ${scope.timeZone})::date) FROM orders o
                      WHERE o.customer_id = c.customer_id AND o.amount >= 0
                        AND o.ordered_at >= ((${calibrationEnd}::date)::timestamp AT TIME ZONE ${scope.timeZone})
                        AND o.ordered_at < ((${scope.asOf}::date)::timestamp AT TIME ZONE ${scope.timeZone})), 0)::int AS holdout
      FROM (${customerSummariesSql(calibrationScope, { customerIds: ids })}) c`)) as unknown as { rows: { x: number; tx: number; t: number; holdout: number }[] };
  const customers = rows.rows.map((row) => ({ x: Number(row.x), tx: Number(row.tx), T: Number(row.t), holdoutPurchases: Number(row.holdout) }));
  const fit = fitBgNbd(customers);
  const check = calibrationHoldoutByFrequency(bgNbdPredictor(fit).expectedPurchases, customers, HOLDOUT_DAYS);
  return {
    holdoutDays: HOLDOUT_DAYS,
    sampled: customers.length,
    status: fit.status,
    rows: check.buckets.map((bucket) => ({ frequency: bucket.frequency, label: bucket.label, customers: bucket.customers, actual: bucket.actualMean, expected: bucket.expectedMean })),
    actualTotal: check.actualTotal,
    expectedTotal: check.expectedTotal,
  };
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';
import { customerAccess } from '../../customers/access.js';
import type { Actor } from '../../users/actor.js';
import { latestDoneRun } from './analysis-runs.js';
import type { CalibrationRow, PurchaseFits, PurchaseModel } from './fit-purchase-models.js';

type FitView = { params: Record<string, number> | null; logLikelihood: number; status: string };

export type ClvOverview = {
  asOf: string | null;
  runId: string | null;
  purchaseModel: PurchaseModel | null;
  fits: { bgNbd: FitView; gammaGamma: FitView; paretoNbd: FitView | null } | null;
  horizonMonths: number | null;
  discountRate: number | null;
  customers: number;
  totalClv: string;
  distribution: { from: number; to: number; customers: number }[];
  /** Out of sample: by calibration-period repeat purchases, mean purchases in the holdout days, actual vs expected. */
  calibration: CalibrationRow[];
  holdoutDays: number | null;
  /** In sample: customers by repeat purchases, actual vs expected by BG/NBD. */
  frequencyCheck: CalibrationRow[];
};

const fitView = (fit: { params: Record<string, number> | null; logLikelihood: number; status: string }): FitView => ({
  params: fit.params, logLikelihood: fit.logLikelihood, status: fit.status,
});

/**
 * The CLV page: the fits of the latest finished run, the total CLV of the customers the actor
 * may see and their distribution in 1-2-5 steps (0, 1–2, 2–5, 5–10, 10–20 …), and the
 * calibration plot data. Before the first run: runId null and empty figures.
 */
export async function getClvOverview(db: Executor, actor: Actor): Promise<ClvOverview> {
  const run = await latestDoneRun(db);
  if (!run) {
    return { asOf: null, runId: null, purchaseModel: null, fits: null, horizonMonths: null, discountRate: null, customers: 0, totalClv: '0', distribution: [], calibration: [], holdoutDays: null, frequencyCheck: [] };
  }
  const fits = run.fits as unknown as PurchaseFits;
  const result = (await db.execute(sql`
    WITH visible AS (
      SELECT cs.clv FROM customer_scores cs JOIN customers ON customers.id = cs.customer_id AND ${customerAccess(actor)}
    ), bucketed AS (
      SELECT CASE WHEN clv < 1 THEN 0
                  ELSE power(10, floor(log(clv::numeric))) * (CASE WHEN clv / power(10, floor(log(clv::numeric))) < 2 THEN 1
                                                              WHEN clv / power(10, floor(log(clv::numeric))) < 5 THEN 2 ELSE 5 END) END::float8 AS lower
        FROM visible
    )
    SELECT (SELECT count(*)::int FROM visible) AS customers,
           (SELECT coalesce(sum(clv), 0)::text FROM visible) AS total,
           (SELECT coalesce(json_agg(json_build_object('lower', lower, 'customers', n) ORDER BY lower), '[]')
              FROM (SELECT lower, count(*)::int AS n FROM bucketed GROUP BY lower) b) AS buckets`)) as unknown as {
    rows: { customers: number; total: string; buckets: { lower: number; customers: number }[] | string }[];
  };
  const row = result.rows[0]!;
  const buckets = typeof row.buckets === 'string' ? (JSON.parse(row.buckets) as { lower: number; customers: number }[]) : row.buckets;
  const next = (lower: number) => {
    if (lower === 0) return 1;
    const power = 10 ** Math.floor(Math.log10(lower) + 1e-9);
    const mantissa = Math.round(lower / power);
    return mantissa === 1 ? 2 * power : mantissa === 2 ? 5 * power : 10 * power;
  };
  const params = run.params as { horizonMonths?: number; discountRate?: number };
  return {
    asOf: run.asOf,
    runId: run.id,
    purchaseModel: fits.purchaseModel,
    fits: { bgNbd: fitView(fits.bgNbd), gammaGamma: fitView(fits.gammaGamma), paretoNbd: fits.paretoNbd ? fitView(fits.paretoNbd) : null },
    horizonMonths: params.horizonMonths ?? null,
    discountRate: params.discountRate ?? null,
    customers: Number(row.customers),
    totalClv: row.total,
    distribution: buckets.map((bucket) => ({ from: Number(bucket.lower), to: next(Number(bucket.lower)), customers: Number(bucket.customers) })),
    calibration: fits.holdout?.rows ?? [],
    holdoutDays: fits.holdout?.holdoutDays ?? null,
    frequencyCheck: fits.frequencyHistogram ?? [],
  };
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { Actor } from '../users/actor.js';
import { customerSummariesSql } from './customer-summaries.js';
import { bgNbdPredictor, fitBgNbd, fitGammaGamma, type FitStatus } from './models/index.js';

/**
 * Next quarter's revenue from the models, computed on grouped statistics:
 *
 *   forecast = Σ_customers E[purchase days in the quarter | x, t_x, T] × E[value per purchase day | x, z̄]
 *
 * with BG/NBD for the first factor (fitted on (x, t_x, T) groups, times in whole weeks: a large
 * base has far fewer distinct groups than in days, and a quarter's forecast does not need the
 * day) and Gamma-Gamma for
 * the second (fitted on (x, z̄) groups of repeat buyers). Gamma-Gamma's expected value is
 * linear in z̄ for a given x, E[M] = A_x + B_x·z̄, so one pass over (x, t_x, T) groups that
 * carry Σz̄ and Σz̄² gives the exact sum without one row per customer.
 *
 * Interval: a compound-Poisson approximation — purchases Poisson with the expected count,
 * values with the Gamma-Gamma coefficient of variation 1/√p around each customer's mean:
 * Var ≈ Σ E[N]·E[M]²·(1 + 1/p); low/high = forecast ∓ 1.96·√Var (not below 0). It ignores
 * parameter uncertainty and model error, so read it as the spread from chance alone.
 *
 * Fallbacks (stated in `method`): a degenerate BG/NBD fit uses the pooled purchase rate with no
 * dropout; a degenerate or infinite-mean Gamma-Gamma fit uses each customer's own z̄ (or the
 * pooled average for customers without repeat purchases), with a CV of 1.
 */
export type RevenueForecast = {
  nextQuarter: string;
  from: string;
  to: string;
  /** Data up to (not including) this day. */
  asOf: string;
  revenue: string;
  low: string;
  high: string;
  method: string;
  customers: number;
  fits: { bgNbd: FitStatus | null; gammaGamma: FitStatus | null };
};

type GroupRow = { x: number; tx: number; t: number; zbar: number | null; gg: boolean; n: number; z1: number; z2: number; npos: number };

const WEEK = 7 * 86_400_000;
const addMonths = (date: string, months: number) => {
  const index = Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7)) - 1 + months;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}-01`;
};

/** The first calendar quarter that starts on or after `after`. */
export function quarterOnOrAfter(after: string): { key: string; from: string; to: string } {
  const index = Number(after.slice(0, 4)) * 12 + Number(after.slice(5, 7)) - 1 + (after.slice(8, 10) === '01' ? 0 : 1);
  const start = Math.ceil(index / 3) * 3;
  const from = `${Math.floor(start / 12)}-${String((start % 12) + 1).padStart(2, '0')}-01`;
  return { key: `${Math.floor(start / 12)}-Q${(start % 12) / 3 + 1}`, from, to: addMonths(from, 3) };
}

export async function forecastNextQuarter(db: Executor, actor: Actor, input: { asOf: string; after: string; timeZone: string }): Promise<RevenueForecast> {
  const quarter = quarterOnOrAfter(input.after);
  const scope = { actor, asOf: input.asOf, timeZone: input.timeZone };
  const result = (await db.execute(sql`
    WITH s AS (
      SELECT frequency AS x, round(recency_days / 7.0)::int AS tx, round(tenure_days / 7.0)::int AS t,
             CASE WHEN frequency > 0 THEN repeat_value END AS zbar, greatest(repeat_value, 0)::float8 AS z
        FROM (${customerSummariesSql(scope)}) summaries
    )
    SELECT x, tx, t, zbar::float8 AS zbar, grouping(t) = 1 AS gg, count(*)::int AS n,
           sum(CASE WHEN x > 0 THEN z ELSE 0 END)::float8 AS z1, sum(CASE WHEN x > 0 THEN z * z ELSE 0 END)::float8 AS z2,
           count(*) FILTER (WHERE x > 0 AND z > 0)::int AS npos
      FROM s GROUP BY GROUPING SETS ((x, tx, t), (x, zbar))`)) as unknown as { rows: GroupRow[] };
  const rfm = result.rows.filter((row) => !row.gg).map((row) => ({ ...row, x: Number(row.x), tx: Number(row.tx), t: Number(row.t), n: Number(row.n) }));
  const spend = result.rows.filter((row) => row.gg && row.zbar !== null).map((row) => ({ x: Number(row.x), zbar: Number(row.zbar), count: Number(row.n) }));
  const customers = rfm.reduce((sum, row) => sum + row.n, 0);
  const base = { nextQuarter: quarter.key, from: quarter.from, to: quarter.to, asOf: input.asOf, customers };
  if (customers === 0) {
    return { ...base, revenue: '0.00', low: '0.00', high: '0.00', method: 'no-data', fits: { bgNbd: null, gammaGamma: null } };
  }
  const purchaseFit = fitBgNbd(rfm.map((row) => ({ x: row.x, tx: row.tx, T: row.t, count: row.n })));
  const purchases = bgNbdPredictor(purchaseFit);
  const spendFit = fitGammaGamma(spend);
  const gg = spendFit.params && spendFit.params.q > 1 ? spendFit.params : null;
  const gap = (Date.parse(quarter.from) - Date.parse(input.asOf)) / WEEK;
  const length = (Date.parse(quarter.to) - Date.parse(quarter.from)) / WEEK;
  const fallbackMean = spendFit.fallbackMean;
  let revenue = 0;
  let variance = 0;
  for (const row of rfm) {
    const customer = { x: row.x, tx: row.tx, T: row.t };
    const expected = Math.max(0, purchases.expectedPurchases(customer, gap + length) - purchases.expectedPurchases(customer, gap));
    if (gg) {
      // E[M] = A + B·z̄ with A = γp/(px+q−1), B = xp/(px+q−1); for x = 0 the population mean.
      const denominator = gg.p * row.x + gg.q - 1;
      const a = (gg.gamma * gg.p) / denominator;
      const b = (row.x * gg.p) / denominator;
      revenue += expected * (row.n * a + b * row.z1);
      variance += expected * (row.n * a * a + 2 * a * b * row.z1 + b * b * row.z2) * (1 + 1 / gg.p);
    } else {
      const withoutOwn = row.n - Number(row.npos);
      revenue += expected * (row.z1 + withoutOwn * fallbackMean);
      variance += expected * (row.z2 + withoutOwn * fallbackMean * fallbackMean) * 2;
    }
  }
  const spread = 1.96 * Math.sqrt(Math.max(0, variance));
  const method = `${purchases.basis === 'model' ? 'bgnbd' : 'pooled-rate'}×${gg ? 'gamma-gamma' : 'own-average-value'}`;
  return {
    ...base,
    revenue: revenue.toFixed(2),
    low: Math.max(0, revenue - spread).toFixed(2),
    high: (revenue + spread).toFixed(2),
    method,
    fits: { bgNbd: purchaseFit.status, gammaGamma: spendFit.status },
  };
}

import { sql, type SQL } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { analysisInput, resolveScope, type AnalysisInput } from './analysis-scope.js';
import { customerSummariesSql } from './customer-summaries.js';

/**
 * How concentrated value is among buyers: the 80/20 rule and Shearer's whale curve.
 *
 * - Lorenz curve of revenue (customers from smallest to largest, revenue below zero —
 *   net refunds — counted as zero) and its Gini coefficient, 0 = everyone equal, → 1 = one
 *   customer has everything: G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1) / n with xᵢ ascending.
 * - The top 20% of customers (⌈0.2·n⌉, by revenue, resp. by profit) and their share of
 *   revenue, resp. profit. Profit is the customer's margin (revenue − cost − cost to serve).
 * - Whale curve: customers from most to least profitable, cumulative profit as a share of
 *   the total. It usually rises above 100% (the peak) and falls back as unprofitable
 *   customers destroy part of it: `destroyed` = peak − total.
 * - Tiers by profit: top 20%, middle 60%, bottom 20%.
 * Shares are null when their denominator is not positive (e.g. total profit ≤ 0).
 */
export type CurvePoint = { customerShare: number; valueShare: number | null };

export type TierSummary = { tier: 'top' | 'middle' | 'bottom'; customers: number; profit: string; revenue: string; minProfit: string | null };

export type ValueConcentration = {
  asOf: string;
  buyers: number;
  revenue: string;
  profit: string;
  gini: number | null;
  top20RevenueShare: number | null;
  top20ProfitShare: number | null;
  lorenz: CurvePoint[];
  whale: CurvePoint[];
  whalePeak: { customerShare: number; profit: string; profitShare: number | null } | null;
  /** Profit the customers after the peak take away (peak − total), ≥ 0. */
  destroyed: string;
  tiers: TierSummary[];
};

/** Curve points at each percent of customers (0%, 1%, … 100%). */
const CURVE_STEPS = 100;

function share(part: number, whole: number): number | null {
  return whole > 0 ? part / whole : null;
}

export async function valueConcentration(db: Executor, actor: Actor, input: AnalysisInput = {}): Promise<ValueConcentration> {
  const scope = await resolveScope(db, actor, parseInput(analysisInput, input));
  return concentrationOf(db, scope.asOf, customerSummariesSql(scope));
}

/**
 * The analysis over already computed summaries (the analysis run passes its own). The
 * database sorts the buyers by profit (ties by id, as the tiers need) and sends one line of
 * "profit:revenue" pairs; the curves, shares and tiers are sums over that order, done here
 * in exact integer cents. Ranking and summing a million buyers in SQL window functions took
 * ~7 s; this takes ~1.5 s. The one query is sent at the first turn of the event loop, with no
 * round trip before it, so the analysis run can let it work while Node fits the models.
 */
export async function concentrationOf(db: Executor, asOf: string, summaries: SQL): Promise<ValueConcentration> {
  const result = (await db.execute(sql`
    SELECT count(*)::int AS n, coalesce(string_agg(margin::text || ':' || revenue::text, ',' ORDER BY margin DESC, customer_id), '') AS pairs
      FROM (${summaries}) s`)) as unknown as { rows: { n: number; pairs: string }[] };
  const n = Number(result.rows[0]?.n ?? 0);
  const profit = new Array<bigint>(n);
  const revenue = new Array<bigint>(n);
  const pairs = result.rows[0]?.pairs ?? '';
  let at = 0;
  for (let i = 0; i < n; i++) {
    const colon = pairs.indexOf(':', at);
    let comma = pairs.indexOf(',', colon);
    if (comma < 0) comma = pairs.length;
    profit[i] = cents(pairs.slice(at, colon));
    revenue[i] = cents(pairs.slice(colon + 1, comma));
    at = comma + 1;
  }
  return concentrationFromSorted(asOf, profit, revenue);
}

/** profit and revenue per buyer in cents, buyers ordered by profit descending (ties by id). */
export function concentrationFromSorted(asOf: string, profit: readonly bigint[], revenue: readonly bigint[]): ValueConcentration {
  const n = profit.length;
  const top = Math.ceil(n * 0.2);
  const positions = Array.from({ length: CURVE_STEPS + 1 }, (_, p) => Math.floor((p * n) / CURVE_STEPS));

  // Lorenz curve and Gini over revenue (net refunds counted as 0), ascending.
  const rev = BigInt64Array.from(revenue, (cents) => (cents > 0n ? cents : 0n)).sort();
  let cumulative = 0n;
  let weighted = 0n;
  let i = 0;
  const lorenzCum = positions.map((k) => {
    for (; i < k; i++) {
      cumulative += rev[i]!;
      weighted += BigInt(i + 1) * rev[i]!;
    }
    return cumulative;
  });
  const positiveRevenue = cumulative;
  let topRevenue = 0n;
  for (let t = n - top; t < n; t++) topRevenue += rev[t]!;
  // G = 2·Σ i·xᵢ / (n·Σ xᵢ) − (n + 1)/n = (2·Σ i·xᵢ − (n + 1)·Σ xᵢ) / (n·Σ xᵢ), exact to 18 digits.
  const gini = positiveRevenue > 0n
    ? Number(((2n * weighted - BigInt(n + 1) * positiveRevenue) * 10n ** 18n) / (BigInt(n) * positiveRevenue)) / 1e18
    : null;

  // Whale curve, its peak (the first position where cumulative profit is highest), tiers.
  const tierTotals = { top: emptyTier(), middle: emptyTier(), bottom: emptyTier() };
  let running = 0n;
  let peak: { rank: number; cum: bigint } | null = null;
  let totalRevenue = 0n;
  const whaleCum = new Array<bigint>(CURVE_STEPS + 1).fill(0n);
  for (let j = 0, p = 0; j < n; j++) {
    running += profit[j]!;
    totalRevenue += revenue[j]!;
    if (!peak || running > peak.cum) peak = { rank: j + 1, cum: running };
    for (; p <= CURVE_STEPS && positions[p]! <= j + 1; p++) whaleCum[p] = positions[p] === 0 ? 0n : running;
    const tier = tierTotals[j < top ? 'top' : j >= n - top ? 'bottom' : 'middle'];
    tier.customers++;
    tier.profit += profit[j]!;
    tier.revenue += revenue[j]!;
    if (tier.minProfit === null || profit[j]! < tier.minProfit) tier.minProfit = profit[j]!;
  }
  const totalProfit = running;
  const curve = (cum: bigint[], whole: bigint) => cum.map((value, p) => ({ customerShare: p / CURVE_STEPS, valueShare: share(Number(value), Number(whole)) }));
  return {
    asOf,
    buyers: n,
    revenue: money(totalRevenue, n),
    profit: money(totalProfit, n),
    gini,
    top20RevenueShare: share(Number(topRevenue), Number(positiveRevenue)),
    top20ProfitShare: share(Number(tierTotals.top.profit), Number(totalProfit)),
    lorenz: curve(lorenzCum, positiveRevenue),
    whale: curve(whaleCum, totalProfit),
    whalePeak: peak ? { customerShare: peak.rank / n, profit: money(peak.cum, 1), profitShare: share(Number(peak.cum), Number(totalProfit)) } : null,
    destroyed: peak ? money(peak.cum - totalProfit, 1) : '0',
    tiers: (['top', 'middle', 'bottom'] as const).map((tier) => {
      const found = tierTotals[tier];
      return found.customers === 0
        ? { tier, customers: 0, profit: '0', revenue: '0', minProfit: null }
        : { tier, customers: found.customers, profit: money(found.profit, 1), revenue: money(found.revenue, 1), minProfit: money(found.minProfit!, 1) };
    }),
  };
}

function emptyTier() {
  return { customers: 0, profit: 0n, revenue: 0n, minProfit: null as bigint | null };
}

/** Decimal text with two places ("-12.30") to cents. */
function cents(text: string): bigint {
  const dot = text.indexOf('.');
  if (dot < 0) return BigInt(text) * 100n;
  const fraction = text.slice(dot + 1);
  if (fraction.length > 2 && /[1-9]/.test(fraction.slice(2))) throw new Error(`money with more than two decimals: ${text}`);
  return BigInt(text.slice(0, dot) + fraction.slice(0, 2).padEnd(2, '0'));
}

/** Cents to decimal text with two places, as numeric(…, 2) prints; "0" for a sum over no rows. */
function money(value: bigint, rows: number): string {
  if (rows === 0) return '0';
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(3, '0');
  return `${negative ? '-' : ''}${digits.slice(0, -2)}.${digits.slice(-2)}`;
}

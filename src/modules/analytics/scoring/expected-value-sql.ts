import { sql, type SQL } from 'drizzle-orm';
import type { GammaGammaFit } from '../models/index.js';

/**
 * Gamma-Gamma's expected value per purchase as a SQL expression over the summaries `s`
 * (the same rule as gammaGammaPredictor, evaluated in the database so no per-customer value
 * travels): (γ + x·z̄)·p / (p·x + q − 1) for repeat buyers, the population mean γp/(q−1)
 * for the others. Without a usable fit (degenerate, or q ≤ 1: infinite mean) a repeat buyer's
 * own z̄, else the pooled mean of repeat purchases, else the pooled average order value.
 */
export function expectedValueSql(fit: Pick<GammaGammaFit, 'params' | 'fallbackMean'>, pooledOrderValue: number): SQL {
  const repeat = sql`(s.frequency > 0 AND s.repeat_value > 0)`;
  const params = fit.params;
  if (!params || !(params.q > 1)) {
    const fallback = fit.fallbackMean > 0 ? fit.fallbackMean : Math.max(0, pooledOrderValue || 0);
    return sql`(CASE WHEN ${repeat} THEN s.repeat_value::float8 ELSE ${fallback}::float8 END)`;
  }
  const { p, q, gamma } = params;
  return sql`(CASE WHEN ${repeat}
    THEN (${gamma}::float8 + s.frequency * s.repeat_value::float8) * ${p}::float8 / (${p}::float8 * s.frequency + ${q}::float8 - 1)
    ELSE ${(gamma * p) / (q - 1)}::float8 END)`;
}

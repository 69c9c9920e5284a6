/**
 * Gamma-Gamma spend model (Fader, Hardie & Lee 2005, "RFM and CLV"; Fader & Hardie 2013
 * note). Assumptions: a customer's transaction values are Gamma(p, ν) around their own mean
 * p/ν; ν varies across customers as Gamma(q, γ); spend is independent of the purchase
 * process. Input per repeat buyer: x repeat transactions and zbar, their average value.
 * The mean of x values is Gamma(px, νx), which gives the likelihood
 *
 *   f(zbar | x) = Γ(px+q) / (Γ(px) Γ(q)) · γ^q · x^(px) · zbar^(px−1) / (γ + x·zbar)^(px+q).
 */
import { fieldError } from '../../../shared/errors.js';
import { finiteOr, fitByMaximumLikelihood, NO_OPTIMISATION, note, type FitNote, type ModelFit } from './fit-result.js';
import { digamma, logGamma } from './numerics/special.js';

export type GammaGammaParams = { p: number; q: number; gamma: number };
export type GammaGammaGroup = { x: number; zbar: number; count?: number };

export type GammaGammaFit = ModelFit<GammaGammaParams> & {
  model: 'gamma-gamma';
  /** Groups left out: no repeat purchase (x = 0) or a non-positive average value. */
  excluded: number;
  /** Transaction-weighted mean of zbar over the repeat buyers: the fallback expected value. */
  fallbackMean: number;
};

type Columns = { x: Float64Array; zbar: Float64Array; n: Float64Array; customers: number };

export function fitGammaGamma(rows: ReadonlyArray<GammaGammaGroup>): GammaGammaFit {
  let excluded = 0;
  const kept: GammaGammaGroup[] = [];
  rows.forEach((row, i) => {
    validate(row, i);
    if (row.x > 0 && row.zbar > 0 && (row.count ?? 1) > 0) kept.push(row);
    else excluded++;
  });
  let weight = 0;
  let spend = 0;
  for (const row of kept) {
    weight += (row.count ?? 1) * row.x;
    spend += (row.count ?? 1) * row.x * row.zbar;
  }
  const fallbackMean = weight > 0 ? spend / weight : 0;
  const scale = fallbackMean > 0 ? fallbackMean : 1;
  const cols = toColumns(kept, scale);
  const base = { model: 'gamma-gamma' as const, excluded, fallbackMean, customers: cols.customers, groups: kept.length };
  if (cols.customers < 2) {
    const reason = note('too_few_repeat_buyers', '重复购买的客户少于 2 个，无法估计消费金额分布；使用平均客单价',
      'Fewer than 2 repeat buyers: the spend distribution cannot be estimated; the average order value is used');
    return { ...base, status: 'degenerate', notes: [reason], params: null, standardErrors: null, logLikelihood: 0, convergence: NO_OPTIMISATION };
  }
  const fg = (v: Float64Array, g?: Float64Array) => logLikelihood(cols, Math.exp(v[0]!), Math.exp(v[1]!), Math.exp(v[2]!), g);
  const fit = fitByMaximumLikelihood<GammaGammaParams>({
    names: ['p', 'q', 'gamma'], f: (v) => fg(v), fg,
    starts: [[Math.log(2), Math.log(3), Math.log(2)], [0, 0, 0], [2, 1, 2]],
    unitScale: { gamma: scale },
  });
  const notes: FitNote[] = [...fit.notes];
  if (fit.params.q <= 1) {
    notes.push(note('infinite_mean_spend', 'q ≤ 1：人群平均消费金额无穷大，只能使用客户自身的平均客单价',
      'q <= 1: the population mean spend is infinite; only customers\' own averages can be used'));
  }
  // Undo the value rescaling: the density of zbar carries one factor 1/scale per customer.
  const ll = logLikelihood(cols, fit.params.p, fit.params.q, fit.params.gamma / scale) - cols.customers * Math.log(scale);
  return { ...base, ...fit, notes, status: fit.params.q <= 1 && fit.status === 'converged' ? 'not_identified' : fit.status, logLikelihood: ll };
}

/** E[M | x, zbar] = (γ + x·zbar)·p / (p·x + q − 1): a weighted mean of the population mean and zbar. */
export function gammaGammaExpectedValue(params: GammaGammaParams, c: { x: number; zbar: number }): number {
  const { p, q, gamma } = params;
  const x = c.x > 0 ? c.x : 0;
  return ((gamma + x * c.zbar) * p) / (p * x + q - 1);
}

/** Population mean spend per transaction, γp/(q−1); Infinity when q <= 1. */
export function gammaGammaPopulationMean(params: GammaGammaParams): number {
  return params.q > 1 ? (params.gamma * params.p) / (params.q - 1) : Number.POSITIVE_INFINITY;
}

/**
 * Always-finite expected average value: the model when its mean exists, otherwise the
 * customer's own average (or the pooled mean for customers without repeat purchases).
 */
export function gammaGammaPredictor(fit: Pick<GammaGammaFit, 'params' | 'fallbackMean'>): { basis: 'model' | 'fallback'; expectedValue(c: { x: number; zbar: number }): number } {
  const params = fit.params;
  const fallback = (c: { x: number; zbar: number }) => (c.x > 0 && c.zbar > 0 ? c.zbar : fit.fallbackMean);
  if (!params || params.q <= 1) return { basis: 'fallback', expectedValue: fallback };
  return { basis: 'model', expectedValue: (c) => finiteOr(gammaGammaExpectedValue(params, c), fallback(c)) };
}

/**
 * Pearson correlation between repeat purchases and average value over the repeat buyers
 * (count-weighted). The model assumes spend does not depend on frequency: a value far from 0
 * (say beyond ±0.3) means its expected values should not be trusted. 0 when undefined.
 */
export function frequencyValueCorrelation(rows: ReadonlyArray<GammaGammaGroup>): number {
  let w = 0;
  let sx = 0;
  let sz = 0;
  for (const r of rows) {
    if (!(r.x > 0 && r.zbar > 0)) continue;
    const n = r.count ?? 1;
    w += n;
    sx += n * r.x;
    sz += n * r.zbar;
  }
  if (w === 0) return 0;
  const mx = sx / w;
  const mz = sz / w;
  let cxz = 0;
  let cxx = 0;
  let czz = 0;
  for (const r of rows) {
    if (!(r.x > 0 && r.zbar > 0)) continue;
    const n = r.count ?? 1;
    cxz += n * (r.x - mx) * (r.zbar - mz);
    cxx += n * (r.x - mx) ** 2;
    czz += n * (r.zbar - mz) ** 2;
  }
  const den = Math.sqrt(cxx * czz);
  return den > 0 ? cxz / den : 0;
}

function logLikelihood(c: Columns, p: number, q: number, gamma: number, grad?: Float64Array): number {
  if (!(p > 0 && q > 0 && gamma > 0)) return Number.NEGATIVE_INFINITY;
  const lgQ = logGamma(q);
  const lnGamma = Math.log(gamma);
  const psiQ = grad ? digamma(q) : 0;
  let ll = 0;
  let gp = 0;
  let gq = 0;
  let gg = 0;
  for (let i = 0; i < c.x.length; i++) {
    const x = c.x[i]!;
    const z = c.zbar[i]!;
    const n = c.n[i]!;
    const px = p * x;
    const lnDen = Math.log(gamma + x * z);
    const lnZ = Math.log(z);
    const lnX = Math.log(x);
    ll += n * (logGamma(px + q) - logGamma(px) - lgQ + q * lnGamma + (px - 1) * lnZ + px * lnX - (px + q) * lnDen);
    if (grad) {
      const psiPQ = digamma(px + q);
      gp += n * x * (psiPQ - digamma(px) + lnZ + lnX - lnDen);
      gq += n * (psiPQ - psiQ + lnGamma - lnDen);
      gg += n * (q / gamma - (px + q) / (gamma + x * z));
    }
  }
  if (grad) {
    grad[0] = gp * p;
    grad[1] = gq * q;
    grad[2] = gg * gamma;
  }
  return ll;
}

function toColumns(rows: ReadonlyArray<GammaGammaGroup>, scale: number): Columns {
  const cols: Columns = { x: new Float64Array(rows.length), zbar: new Float64Array(rows.length), n: new Float64Array(rows.length), customers: 0 };
  rows.forEach((row, i) => {
    cols.x[i] = row.x;
    cols.zbar[i] = row.zbar / scale;
    cols.n[i] = row.count ?? 1;
    cols.customers += row.count ?? 1;
  });
  return cols;
}

function validate(row: GammaGammaGroup, i: number): void {
  if (!Number.isInteger(row.x) || row.x < 0) {
    throw fieldError(`rows[${i}].x`, 'invalid_frequency', { 'zh-CN': '重复购买次数必须是不小于 0 的整数', 'en-US': 'repeat purchases must be an integer >= 0' });
  }
  if (!Number.isFinite(row.zbar) || row.zbar < 0) {
    throw fieldError(`rows[${i}].zbar`, 'invalid_average_value', { 'zh-CN': '平均客单价必须是不小于 0 的数', 'en-US': 'the average value must be a number >= 0' });
  }
  const count = row.count ?? 1;
  if (!Number.isFinite(count) || count < 0) {
    throw fieldError(`rows[${i}].count`, 'invalid_count', { 'zh-CN': '客户数必须是不小于 0 的数', 'en-US': 'count must be a number >= 0' });
  }
}

/**
 * Shifted-beta-geometric (sBG) model for contracts (Fader & Hardie 2007, "How to project
 * customer retention"). Assumptions: at the end of every period an active customer cancels
 * with probability θ, constant for that customer; θ varies across customers as Beta(α, β).
 * Input: for each cohort, the customers active at the start (period 0) and after each
 * period (non-increasing counts). With T the period in which a customer cancels,
 *
 *   P(T = 1) = α/(α+β),  P(T = t) = P(T = t−1)·(β+t−2)/(α+β+t−1),
 *   S(t) = P(T > t) = S(t−1) − P(T = t),  retention r_t = S(t)/S(t−1) = (β+t−1)/(α+β+t−1),
 *   LL = Σ_t (n_{t−1} − n_t)·ln P(T = t) + n_last·ln S(last).
 * Several cohorts of different ages share (α, β): their log-likelihoods add.
 */
import { fieldError } from '../../../shared/errors.js';
import { finiteOr, fitByMaximumLikelihood, NO_OPTIMISATION, note, type ModelFit } from './fit-result.js';
import { hyp2f1Log } from './numerics/hyp2f1.js';

export type SbgParams = { alpha: number; beta: number };
export type SbgFit = ModelFit<SbgParams> & { model: 'sbg'; /** Pooled churn rate per period: the fallback's θ. */ fallbackChurn: number };

/** survivors[c][t]: customers of cohort c still active after t periods (t = 0 is the cohort size). */
export function fitSbg(survivors: ReadonlyArray<ReadonlyArray<number>>): SbgFit {
  survivors.forEach(validateCohort);
  let atRisk = 0;
  let churned = 0;
  let customers = 0;
  for (const cohort of survivors) {
    customers += cohort[0] ?? 0;
    for (let t = 1; t < cohort.length; t++) {
      atRisk += cohort[t - 1]!;
      churned += cohort[t - 1]! - cohort[t]!;
    }
  }
  const fallbackChurn = atRisk > 0 ? churned / atRisk : 0;
  const base = { model: 'sbg' as const, customers, groups: survivors.length, fallbackChurn };
  const reason = atRisk === 0
    ? note('no_periods', '没有任何已观察的续约期，无法拟合', 'No renewal period has been observed: nothing to fit')
    : churned === 0
      ? note('no_churn', '观察期内没有客户流失，流失率无法估计（按 0 处理）', 'No customer cancelled in the observed periods: churn cannot be estimated (treated as 0)')
      : churned === atRisk
        ? note('all_churned', '所有客户在第一期就流失，异质性无法估计', 'Every customer cancelled at the first chance: heterogeneity cannot be estimated')
        : null;
  if (reason) {
    return { ...base, status: 'degenerate', notes: [reason], params: null, standardErrors: null, logLikelihood: 0, convergence: NO_OPTIMISATION };
  }
  const f = (v: Float64Array) => sbgLogLikelihood(survivors, { alpha: Math.exp(v[0]!), beta: Math.exp(v[1]!) });
  const fit = fitByMaximumLikelihood<SbgParams>({ names: ['alpha', 'beta'], f, starts: [[0, 0], [Math.log(0.5), Math.log(2)], [2, 2]] });
  return { ...base, ...fit, logLikelihood: sbgLogLikelihood(survivors, fit.params) };
}

export function sbgLogLikelihood(survivors: ReadonlyArray<ReadonlyArray<number>>, p: SbgParams): number {
  if (!(p.alpha > 0 && p.beta > 0)) return Number.NEGATIVE_INFINITY;
  let ll = 0;
  for (const cohort of survivors) {
    let logP = Math.log(p.alpha / (p.alpha + p.beta));
    let logS = Math.log(p.beta / (p.alpha + p.beta));
    for (let t = 1; t < cohort.length; t++) {
      if (t > 1) {
        logP += Math.log((p.beta + t - 2) / (p.alpha + p.beta + t - 1));
        logS += Math.log((p.beta + t - 1) / (p.alpha + p.beta + t - 1));
      }
      const lost = cohort[t - 1]! - cohort[t]!;
      if (lost > 0) ll += lost * logP;
    }
    const last = cohort[cohort.length - 1]!;
    if (cohort.length > 1 && last > 0) ll += last * logS;
  }
  return ll;
}

/** S(t) for t = 0..periods: the share of a new cohort still active after t periods. */
export function sbgSurvivalCurve(p: SbgParams, periods: number): number[] {
  const curve = [1];
  let s = 1;
  for (let t = 1; t <= periods; t++) {
    s *= sbgRenewalProbability(p, t);
    curve.push(s);
  }
  return curve;
}

/**
 * Expected customers still active after each of the next `periods` periods, for a cohort
 * that has `active` customers after `age` periods: active · S(age + k) / S(age). Conditioning on
 * the age matters: the survivors of an old cohort are the loyal ones.
 */
export function sbgProjectCohort(p: SbgParams, active: number, age: number, periods: number): number[] {
  const out: number[] = [];
  let share = 1;
  for (let k = 1; k <= periods; k++) {
    share *= sbgRenewalProbability(p, age + k);
    out.push(active * share);
  }
  return out;
}

/** Probability that a customer who has renewed n−1 times renews at the n-th opportunity: (β+n−1)/(α+β+n−1). */
export function sbgRenewalProbability(p: SbgParams, n: number): number {
  return (p.beta + n - 1) / (p.alpha + p.beta + n - 1);
}

/**
 * Discounted expected residual lifetime (Fader & Hardie 2010) of a customer who has made n−1
 * renewals, in payments: Σ_{k≥1} P(makes k more renewals)/(1+d)^(k−1), i.e. the next payment
 * counts in full and each later one is discounted one more period:
 *   DERL = (β+n−1)/(α+β+n−1) · 2F1(1, β+n; α+β+n; 1/(1+d)).
 * n = 1 values a customer at their first renewal decision. d > 0 (per period).
 */
export function sbgDerl(p: SbgParams, n: number, discountRate: number): number {
  if (!(discountRate > 0)) {
    throw fieldError('discountRate', 'invalid_discount_rate', { 'zh-CN': '贴现率必须大于 0', 'en-US': 'the discount rate must be greater than 0' });
  }
  const h = hyp2f1Log(1, p.beta + n, p.alpha + p.beta + n, 1 / (1 + discountRate), 5_000_000);
  return sbgRenewalProbability(p, n) * Math.exp(h.logAbs);
}

export type SbgPredictor = {
  basis: 'model' | 'fallback';
  survivalCurve(periods: number): number[];
  projectCohort(active: number, age: number, periods: number): number[];
  renewalProbability(n: number): number;
  discountedResidualLifetime(n: number, discountRate: number): number;
};

/** Always-finite predictions; a degenerate fit uses a single churn rate for everyone (geometric lifetimes). */
export function sbgPredictor(fit: Pick<SbgFit, 'params' | 'fallbackChurn'>): SbgPredictor {
  const p = fit.params;
  const keep = 1 - fit.fallbackChurn;
  const geometricDerl = (d: number) => (keep > 0 ? keep / (1 - keep / (1 + d)) : 0);
  if (!p) {
    return {
      basis: 'fallback',
      survivalCurve: (periods) => Array.from({ length: periods + 1 }, (_, t) => keep ** t),
      projectCohort: (active, _age, periods) => Array.from({ length: periods }, (_, k) => active * keep ** (k + 1)),
      renewalProbability: () => keep,
      discountedResidualLifetime: (_n, d) => {
        if (!(d > 0)) return sbgDerl({ alpha: 1, beta: 1 }, 1, d); // throws the same validation error
        return geometricDerl(d);
      },
    };
  }
  return {
    basis: 'model',
    survivalCurve: (periods) => sbgSurvivalCurve(p, periods),
    projectCohort: (active, age, periods) => sbgProjectCohort(p, active, age, periods),
    renewalProbability: (n) => sbgRenewalProbability(p, n),
    discountedResidualLifetime: (n, d) => finiteOr(sbgDerl(p, n, d), geometricDerl(d)),
  };
}

function validateCohort(cohort: ReadonlyArray<number>, c: number): void {
  for (let t = 0; t < cohort.length; t++) {
    const v = cohort[t]!;
    if (!Number.isFinite(v) || v < 0 || (t > 0 && v > cohort[t - 1]!)) {
      throw fieldError(`survivors[${c}][${t}]`, 'invalid_survivors', {
        'zh-CN': '存活客户数必须是不小于 0 的数，且不能比上一期多',
        'en-US': 'active customers must be a number >= 0 and cannot exceed the previous period',
      });
    }
  }
}

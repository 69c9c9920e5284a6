/**
 * BG/NBD ("beta-geometric / negative binomial distribution", Fader, Hardie & Lee 2005).
 * Assumptions: while alive a customer buys as a Poisson process with rate λ; λ varies
 * across customers as Gamma(r, α); after each repeat purchase the customer drops out with
 * probability p; p varies as Beta(a, b). Inputs per customer: x repeat purchases, t_x the
 * time of the last one, T the time observed, all since the first purchase.
 */
import { bgNbdLogLikelihood, type BgNbdParams } from './bg-nbd-likelihood.js';
import { finiteOr } from './fit-result.js';
import { hyp2f1Log } from './numerics/hyp2f1.js';
import { inverseOnePlusExp } from './numerics/special.js';
import type { RfmCustomer } from './rfm-degenerate.js';
import { fitRfmModel, type RfmModelFit } from './rfm-fit.js';
import { buildRfmTable, type RfmGroup } from './rfm-table.js';

export type { BgNbdParams } from './bg-nbd-likelihood.js';

export type BgNbdFit = RfmModelFit<BgNbdParams> & { model: 'bgnbd' };

/** Maximum-likelihood fit on compressed (x, t_x, T, count) groups. Never throws on odd data (only on invalid rows). */
export function fitBgNbd(rows: ReadonlyArray<RfmGroup>): BgNbdFit {
  return fitRfmModel<BgNbdParams>(rows, {
    model: 'bgnbd', names: ['r', 'alpha', 'a', 'b'], timeScaled: ['alpha'], logLikelihood: bgNbdLogLikelihood, analyticGradient: true,
    starts: [[0, 0, 0, 0], [Math.log(0.3), Math.log(0.3), Math.log(0.5), Math.log(2)], [1, 1, -1, 1]],
  }) as BgNbdFit;
}

/** Log-likelihood of the given parameters (caller's time unit) on a set of groups. */
export function bgNbdLogLikelihoodOf(rows: ReadonlyArray<RfmGroup>, params: BgNbdParams): number {
  return bgNbdLogLikelihood(buildRfmTable(rows, 1), params);
}

/** P(alive | x, t_x, T). */
export function bgNbdProbabilityAlive(p: BgNbdParams, c: RfmCustomer): number {
  if (c.x === 0) return 1;
  const v = Math.log(p.a) - Math.log(p.b + c.x - 1) + (p.r + c.x) * (Math.log(p.alpha + c.T) - Math.log(p.alpha + c.tx));
  return inverseOnePlusExp(v);
}

/**
 * Expected purchases in (T, T + t] given the history (FHL 2005 eq. 10), evaluated through the
 * Euler transform of the hypergeometric term so that large x gives a short, stable series:
 *   E = (a+b+x−1)/(a−1) · [1 − (1−z)^(a−1) · 2F1(a+b−1−r, a−1; a+b+x−1; z)] · P(alive),
 *   z = t / (α+T+t).
 */
export function bgNbdExpectedPurchases(p: BgNbdParams, c: RfmCustomer, t: number): number {
  if (!(t > 0)) return 0;
  // The expression is 0/0 at a = 1: average a symmetric pair around a instead (O(δ²) error).
  if (Math.abs(p.a - 1) < 1e-4) {
    const d = 2e-4;
    return (conditionalExpectation({ ...p, a: p.a + d }, c, t) + conditionalExpectation({ ...p, a: p.a - d }, c, t)) / 2;
  }
  return conditionalExpectation(p, c, t);
}

function conditionalExpectation(p: BgNbdParams, c: RfmCustomer, t: number): number {
  const { r, alpha, a, b } = p;
  const x = c.x;
  const log1mz = Math.log(alpha + c.T) - Math.log(alpha + c.T + t);
  const z = t / (alpha + c.T + t);
  // The Euler form needs about (a−1)·z/(1−z) series terms, the direct one (FHL eq. 10,
  // (1−z)^(r+x)·2F1(r+x, b+x; a+b+x−1; z)) about (r+x)·z/(1−z): take the shorter. Large a
  // and b (a fit drifting towards one dropout probability for everyone) made the Euler form
  // cost 10⁵ terms a customer.
  const direct = a - 1 > r + x;
  const g = direct ? hyp2f1Log(r + x, b + x, a + b + x - 1, z) : hyp2f1Log(a + b - 1 - r, a - 1, a + b + x - 1, z);
  const logProduct = (direct ? r + x : a - 1) * log1mz + g.logAbs;
  const bracket = g.sign > 0 ? -Math.expm1(logProduct) : 1 - g.sign * Math.exp(logProduct);
  return ((a + b + x - 1) / (a - 1)) * bracket * bgNbdProbabilityAlive(p, c);
}

/** Expected purchases of a customer just acquired, in (0, t]. */
export function bgNbdNewCustomerPurchases(p: BgNbdParams, t: number): number {
  return bgNbdExpectedPurchases(p, { x: 0, tx: 0, T: 0 }, t);
}

export type BgNbdPredictor = {
  /** 'model' when predictions use the fitted parameters, 'fallback' for the pooled-rate rule. */
  basis: 'model' | 'fallback';
  probabilityAlive(c: RfmCustomer): number;
  expectedPurchases(c: RfmCustomer, t: number): number;
  newCustomerPurchases(t: number): number;
};

/**
 * Predictions that are always finite numbers. Degenerate fits (no parameters) fall back to
 * the pooled rate with no dropout: E = rate · t, P(alive) = 1 — stated as `basis: 'fallback'`.
 */
export function bgNbdPredictor(fit: Pick<BgNbdFit, 'params' | 'fallbackRate'>): BgNbdPredictor {
  const p = fit.params;
  const rate = fit.fallbackRate;
  if (!p) {
    return {
      basis: 'fallback',
      probabilityAlive: () => 1,
      expectedPurchases: (_c, t) => (t > 0 ? rate * t : 0),
      newCustomerPurchases: (t) => (t > 0 ? rate * t : 0),
    };
  }
  return {
    basis: 'model',
    probabilityAlive: (c) => finiteOr(bgNbdProbabilityAlive(p, c), 1),
    expectedPurchases: (c, t) => finiteOr(bgNbdExpectedPurchases(p, c, t), t > 0 ? rate * t : 0),
    newCustomerPurchases: (t) => finiteOr(bgNbdNewCustomerPurchases(p, t), t > 0 ? rate * t : 0),
  };
}

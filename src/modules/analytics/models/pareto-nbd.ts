/**
 * Pareto/NBD (Schmittlein, Morrison & Colombo 1987). Assumptions: while alive a customer
 * buys as a Poisson process with rate λ ~ Gamma(r, α) across customers; the unobserved
 * lifetime is exponential with rate μ ~ Gamma(s, β); λ and μ independent. Same inputs as
 * BG/NBD: x, t_x, T since the first purchase. Unlike BG/NBD, dropout can happen at any
 * time, also before a first repeat purchase.
 */
import { finiteOr } from './fit-result.js';
import { paretoNbdBranches, paretoNbdLogLikelihood, type ParetoNbdParams } from './pareto-nbd-likelihood.js';
import { inverseOnePlusExp, oneMinusPowerOverExponent } from './numerics/special.js';
import type { RfmCustomer } from './rfm-degenerate.js';
import { fitRfmModel, type RfmModelFit } from './rfm-fit.js';
import type { RfmGroup } from './rfm-table.js';

export type { ParetoNbdParams } from './pareto-nbd-likelihood.js';

export type ParetoNbdFit = RfmModelFit<ParetoNbdParams> & { model: 'pareto-nbd' };

/** Maximum-likelihood fit on compressed (x, t_x, T, count) groups (numeric gradients). */
export function fitParetoNbd(rows: ReadonlyArray<RfmGroup>): ParetoNbdFit {
  return fitRfmModel<ParetoNbdParams>(rows, {
    model: 'pareto-nbd', names: ['r', 'alpha', 's', 'beta'], timeScaled: ['alpha', 'beta'],
    logLikelihood: paretoNbdLogLikelihood, analyticGradient: false,
    starts: [[0, 0, 0, 0], [Math.log(0.5), Math.log(0.3), Math.log(0.5), Math.log(0.3)], [1, 1, 1, 1]],
  }) as ParetoNbdFit;
}

/** P(alive | x, t_x, T). */
export function paretoNbdProbabilityAlive(p: ParetoNbdParams, c: RfmCustomer): number {
  const { alive, died } = paretoNbdBranches(p, c);
  return inverseOnePlusExp(died - alive);
}

/**
 * Expected purchases in (T, T + t]:
 *   E = (r+x)(β+T) / ((α+T)(s−1)) · [1 − ((β+T)/(β+T+t))^(s−1)] · P(alive),
 * with the bracket over (s−1) taken in its stable form (the limit ln((β+T+t)/(β+T)) at s = 1).
 */
export function paretoNbdExpectedPurchases(p: ParetoNbdParams, c: RfmCustomer, t: number): number {
  if (!(t > 0)) return 0;
  const logQ = Math.log(p.beta + c.T) - Math.log(p.beta + c.T + t);
  const rate = ((p.r + c.x) * (p.beta + c.T)) / (p.alpha + c.T);
  return rate * oneMinusPowerOverExponent(logQ, p.s - 1) * paretoNbdProbabilityAlive(p, c);
}

/** Expected purchases of a customer just acquired, in (0, t]: rβ/(α(s−1)) · [1 − (β/(β+t))^(s−1)]. */
export function paretoNbdNewCustomerPurchases(p: ParetoNbdParams, t: number): number {
  if (!(t > 0)) return 0;
  return ((p.r * p.beta) / p.alpha) * oneMinusPowerOverExponent(Math.log(p.beta) - Math.log(p.beta + t), p.s - 1);
}

export type ParetoNbdPredictor = {
  basis: 'model' | 'fallback';
  probabilityAlive(c: RfmCustomer): number;
  expectedPurchases(c: RfmCustomer, t: number): number;
  newCustomerPurchases(t: number): number;
};

/** Always-finite predictions; degenerate fits use the pooled rate with no dropout. */
export function paretoNbdPredictor(fit: Pick<ParetoNbdFit, 'params' | 'fallbackRate'>): ParetoNbdPredictor {
  const p = fit.params;
  const naive = (t: number) => (t > 0 ? fit.fallbackRate * t : 0);
  if (!p) return { basis: 'fallback', probabilityAlive: () => 1, expectedPurchases: (_c, t) => naive(t), newCustomerPurchases: naive };
  return {
    basis: 'model',
    probabilityAlive: (c) => finiteOr(paretoNbdProbabilityAlive(p, c), 1),
    expectedPurchases: (c, t) => finiteOr(paretoNbdExpectedPurchases(p, c, t), naive(t)),
    newCustomerPurchases: (t) => finiteOr(paretoNbdNewCustomerPurchases(p, t), naive(t)),
  };
}


import { describe, expect, it } from 'vitest';
import { paretoNbdBranches } from './pareto-nbd-likelihood.js';
import {
  fitParetoNbd, paretoNbdExpectedPurchases, paretoNbdNewCustomerPurchases, paretoNbdPredictor, paretoNbdProbabilityAlive,
  type ParetoNbdParams,
} from './pareto-nbd.js';
import { readCdnowSummary } from './test-support/cdnow.js';
import { expectWithinShare } from './test-support/expect-near.js';

const PUBLISHED: ParetoNbdParams = { r: 0.553, alpha: 10.578, s: 0.606, beta: 11.669 };

describe('Pareto/NBD on CDNOW (Fader, Hardie & Lee 2005)', () => {
  const fit = fitParetoNbd(readCdnowSummary());

  it('reproduces the published estimates within 0.5% and the log-likelihood −9595.0', () => {
    expect(fit.status).toBe('converged');
    const p = fit.params!;
    expectWithinShare(p.r, PUBLISHED.r, 0.005);
    expectWithinShare(p.alpha, PUBLISHED.alpha, 0.005);
    expectWithinShare(p.s, PUBLISHED.s, 0.005);
    expectWithinShare(p.beta, PUBLISHED.beta, 0.005);
    expect(Math.abs(fit.logLikelihood - -9595.0)).toBeLessThan(0.06);
  });

  it('predicts with the fitted parameters', () => {
    const predictor = paretoNbdPredictor(fit);
    const e = predictor.expectedPurchases({ x: 2, tx: 30.43, T: 38.86 }, 39);
    expect(predictor.basis).toBe('model');
    expect(e).toBeGreaterThan(1);
    expect(e).toBeLessThan(2);
  });
});

/** s·∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ by composite Simpson — independent of the 2F1 path. */
function diedTermByQuadrature(p: ParetoNbdParams, x: number, tx: number, T: number): number {
  const g = (tau: number) => (p.alpha + tau) ** -(p.r + x) * (p.beta + tau) ** -(p.s + 1);
  const n = 20_000;
  const h = (T - tx) / n;
  let sum = g(tx) + g(T);
  for (let i = 1; i < n; i++) sum += (i % 2 ? 4 : 2) * g(tx + i * h);
  return p.s * (sum * h) / 3;
}

describe('Pareto/NBD likelihood terms', () => {
  it('matches direct integration on both branches (α ≥ β and α < β)', () => {
    const cases: Array<[ParetoNbdParams, number, number, number]> = [
      [{ r: 0.55, alpha: 10.6, s: 0.6, beta: 11.7 }, 2, 30.43, 38.86], // α < β
      [{ r: 0.55, alpha: 12, s: 0.6, beta: 3 }, 2, 30.43, 38.86], // α > β
      [{ r: 1.2, alpha: 3, s: 2.5, beta: 3 }, 0, 0, 52], // α = β
      [{ r: 0.3, alpha: 40, s: 1.7, beta: 2 }, 15, 10, 60], // z near 0.8
    ];
    for (const [p, x, tx, T] of cases) {
      const { died } = paretoNbdBranches(p, { x, tx, T });
      expect(Math.exp(died) / diedTermByQuadrature(p, x, tx, T)).toBeCloseTo(1, 8);
    }
  });

  it('has no dying term when the last purchase is at T', () => {
    const { died } = paretoNbdBranches(PUBLISHED, { x: 3, tx: 20, T: 20 });
    expect(died).toBe(Number.NEGATIVE_INFINITY);
    expect(paretoNbdProbabilityAlive(PUBLISHED, { x: 3, tx: 20, T: 20 })).toBe(1);
  });
});

describe('Pareto/NBD predictions', () => {
  it('new-customer expectation starts at the mean rate r/α and is continuous through s = 1', () => {
    expect(paretoNbdNewCustomerPurchases(PUBLISHED, 1e-4) / 1e-4).toBeCloseTo(PUBLISHED.r / PUBLISHED.alpha, 4);
    const at = (s: number) => paretoNbdNewCustomerPurchases({ ...PUBLISHED, s }, 39);
    // At s = 1: (rβ/α)·ln((β+t)/β).
    expect(at(1)).toBeCloseTo(((PUBLISHED.r * PUBLISHED.beta) / PUBLISHED.alpha) * Math.log((PUBLISHED.beta + 39) / PUBLISHED.beta), 10);
    expect(Math.abs(at(1 + 1e-7) - at(1))).toBeLessThan(1e-6);
  });

  it('conditional expectation is P(alive) times the alive-customer expectation', () => {
    const c = { x: 4, tx: 12, T: 38 };
    const alive = paretoNbdProbabilityAlive(PUBLISHED, c);
    const p = PUBLISHED;
    const ifAlive = ((p.r + c.x) * (p.beta + c.T)) / ((p.alpha + c.T) * (p.s - 1)) * (1 - ((p.beta + c.T) / (p.beta + c.T + 39)) ** (p.s - 1));
    expect(paretoNbdExpectedPurchases(p, c, 39)).toBeCloseTo(alive * ifAlive, 12);
    expect(alive).toBeGreaterThan(0);
    expect(alive).toBeLessThan(1);
  });

  it('stays finite for 1000 repeat purchases over a long history', () => {
    const c = { x: 1000, tx: 500, T: 520 };
    const alive = paretoNbdProbabilityAlive(PUBLISHED, c);
    const e = paretoNbdExpectedPurchases(PUBLISHED, c, 52);
    expect(Number.isFinite(alive) && Number.isFinite(e)).toBe(true);
    expect(alive).toBeGreaterThanOrEqual(0);
    expect(alive).toBeLessThanOrEqual(1);
  });
});

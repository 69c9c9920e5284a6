import { describe, expect, it } from 'vitest';
import { logBeta } from './numerics/special.js';
import { fitSbg, sbgDerl, sbgPredictor, sbgProjectCohort, sbgRenewalProbability, sbgSurvivalCurve } from './sbg.js';

// Fader & Hardie (2007), "How to project customer retention", Table 1: customers of each
// cohort still active after 0..12 years. The published fits use years 0–7 (seven renewals).
const REGULAR = [1000, 631, 468, 382, 326, 289, 262, 241, 223, 207, 194, 183, 173];
const HIGH_END = [1000, 869, 743, 653, 593, 551, 517, 491, 468, 445, 427, 409, 394];

describe('sBG on the Fader & Hardie (2007) survival data', () => {
  it('reproduces the published fits: regular α = 0.704, β = 1.182; high end α = 0.668, β = 3.806', () => {
    const regular = fitSbg([REGULAR.slice(0, 8)]);
    const high = fitSbg([HIGH_END.slice(0, 8)]);
    expect(regular.status).toBe('converged');
    expect(regular.params!.alpha).toBeCloseTo(0.704, 3);
    expect(regular.params!.beta).toBeCloseTo(1.182, 3);
    expect(high.params!.alpha).toBeCloseTo(0.668, 3);
    expect(high.params!.beta).toBeCloseTo(3.806, 3);
    expect(high.logLikelihood).toBeCloseTo(-1611.2, 1);
  });

  it('projects years 8–12 close to what actually happened (the paper\'s holdout)', () => {
    for (const data of [REGULAR, HIGH_END]) {
      const fit = fitSbg([data.slice(0, 8)]);
      const curve = sbgPredictor(fit).survivalCurve(12);
      for (let t = 8; t <= 12; t++) {
        expect(Math.abs(1000 * curve[t]! - data[t]!) / data[t]!).toBeLessThan(0.06);
      }
    }
  });
});

describe('sBG formulas', () => {
  const p = { alpha: 0.668, beta: 3.806 };

  it('survival equals B(α, β+t)/B(α, β) and retention rises with tenure', () => {
    const curve = sbgSurvivalCurve(p, 10);
    for (let t = 0; t <= 10; t++) expect(curve[t]).toBeCloseTo(Math.exp(logBeta(p.alpha, p.beta + t) - logBeta(p.alpha, p.beta)), 12);
    expect(sbgRenewalProbability(p, 5)).toBeGreaterThan(sbgRenewalProbability(p, 1));
  });

  it('projects a cohort from its current age: active · S(age+k)/S(age)', () => {
    const curve = sbgSurvivalCurve(p, 10);
    const projected = sbgProjectCohort(p, 551, 5, 5);
    for (let k = 1; k <= 5; k++) expect(projected[k - 1]).toBeCloseTo((551 * curve[5 + k]!) / curve[5]!, 9);
  });

  it('DERL equals the discounted sum of future survival, by brute force', () => {
    for (const n of [1, 3, 8]) {
      const d = 0.1;
      // Σ_{k≥1} S(n−1+k)/S(n−1) · (1+d)^−(k−1), summed far past convergence.
      const logS = (t: number) => logBeta(p.alpha, p.beta + t) - logBeta(p.alpha, p.beta);
      let sum = 0;
      for (let k = 1; k < 5000; k++) sum += Math.exp(logS(n - 1 + k) - logS(n - 1)) / (1 + d) ** (k - 1);
      expect(sbgDerl(p, n, d)).toBeCloseTo(sum, 9);
    }
  });

  it('fits several cohorts of different ages jointly', () => {
    const cohorts = [HIGH_END.slice(0, 8), HIGH_END.slice(0, 4), HIGH_END.slice(0, 2)];
    const fit = fitSbg(cohorts);
    expect(fit.status).toBe('converged');
    expect(fit.customers).toBe(3000);
    expect(fit.params!.alpha).toBeGreaterThan(0.4);
    expect(fit.params!.alpha).toBeLessThan(1);
  });

  it('rejects a discount rate of 0 and survivor counts that grow', () => {
    expect(() => sbgDerl(p, 1, 0)).toThrow(/Invalid input: discountRate/);
    expect(() => fitSbg([[100, 90, 95]])).toThrow(/Invalid input: survivors\[0\]\[2\]/);
  });
});

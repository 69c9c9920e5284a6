/**
 * Parameter recovery: 50,000 customers simulated from each model's generative story with a
 * fixed seed, fitted back. Tolerance: maximum-likelihood estimates are asymptotically normal
 * around the truth with the inverse observed information as covariance, so each estimate must
 * lie within 4 of its own standard errors of the true value (a two-sided normal tail of 6e-5
 * per parameter: a correct fit essentially never fails, a biased one is caught). So that the
 * check has teeth, the standard errors themselves must be small: at 50k customers every
 * parameter is pinned to within 12% (1 SE), most far tighter.
 */
import { describe, expect, it } from 'vitest';
import { fitBgNbd } from './bg-nbd.js';
import type { ModelFit } from './fit-result.js';
import { fitGammaGamma } from './gamma-gamma.js';
import { seededRandom } from './numerics/random.js';
import { fitParetoNbd } from './pareto-nbd.js';
import { fitSbg } from './sbg.js';
import { simulateBgNbd, simulateGammaGamma, simulateParetoNbd, simulateSbg } from './simulate.js';

const CUSTOMERS = 50_000;

function expectRecovered<P extends Record<string, number>>(fit: ModelFit<P>, truth: P): void {
  expect(fit.status).toBe('converged');
  const params = fit.params!;
  const se = fit.standardErrors!;
  for (const name of Object.keys(truth)) {
    const error = Math.abs(params[name]! - truth[name]!);
    expect(se[name]! / truth[name]!, `relative SE of ${name}`).toBeLessThan(0.12);
    expect(error, `${name}: estimate ${params[name]} vs truth ${truth[name]} (SE ${se[name]})`).toBeLessThanOrEqual(4 * se[name]!);
  }
}

// Customers acquired evenly over a year, observed up to its end (weeks).
const observation = (r: { uniform(): number }) => 1 + r.uniform() * 51;

describe('parameter recovery from simulated customers (50k each)', () => {
  it('BG/NBD', () => {
    const truth = { r: 0.8, alpha: 6, a: 0.9, b: 3 };
    const rows = simulateBgNbd(truth, { customers: CUSTOMERS, random: seededRandom(11), observation });
    expectRecovered(fitBgNbd(rows), truth);
  });

  it('Pareto/NBD', () => {
    const truth = { r: 0.8, alpha: 6, s: 0.9, beta: 12 };
    // Times rounded to whole days (1/7 week), as database summaries give them: the groups
    // compress about 2:1, which halves this slowest fit (numeric gradients, a 2F1 per group).
    const rows = simulateParetoNbd(truth, { customers: CUSTOMERS, random: seededRandom(12), observation, grain: 1 / 7 });
    expectRecovered(fitParetoNbd(rows), truth);
  });

  it('Gamma-Gamma', () => {
    const truth = { p: 6, q: 4, gamma: 15 };
    const random = seededRandom(13);
    const counts = Array.from({ length: CUSTOMERS }, () => 1 + random.poisson(2));
    expectRecovered(fitGammaGamma(simulateGammaGamma(truth, random, counts)), truth);
  });

  it('sBG', () => {
    const truth = { alpha: 0.7, beta: 1.2 };
    const survivors = simulateSbg(truth, seededRandom(14), CUSTOMERS, 8);
    expectRecovered(fitSbg([survivors]), truth);
  });
});

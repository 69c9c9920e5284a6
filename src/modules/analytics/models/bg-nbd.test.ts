import { describe, expect, it } from 'vitest';
import { bgNbdLogLikelihood } from './bg-nbd-likelihood.js';
import {
  bgNbdExpectedPurchases, bgNbdLogLikelihoodOf, bgNbdNewCustomerPurchases, bgNbdPredictor, bgNbdProbabilityAlive, fitBgNbd,
  type BgNbdParams,
} from './bg-nbd.js';
import { hyp2f1 } from './numerics/hyp2f1.js';
import { numericGradient } from './numerics/maximize.js';
import { buildRfmTable, compressRfm } from './rfm-table.js';
import { readCdnowSummary } from './test-support/cdnow.js';
import { expectWithinShare } from './test-support/expect-near.js';

const cdnow = readCdnowSummary();
const PUBLISHED: BgNbdParams = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD on CDNOW (Fader, Hardie & Lee 2005)', () => {
  const fit = fitBgNbd(cdnow);

  it('reproduces the published estimates within 0.5% and the log-likelihood −9582.4', () => {
    expect(fit.status).toBe('converged');
    expect(fit.customers).toBe(2357);
    const params = fit.params!;
    expectWithinShare(params.r, PUBLISHED.r, 0.005);
    expectWithinShare(params.alpha, PUBLISHED.alpha, 0.005);
    expectWithinShare(params.a, PUBLISHED.a, 0.005);
    expectWithinShare(params.b, PUBLISHED.b, 0.005);
    expect(Math.abs(fit.logLikelihood - -9582.4)).toBeLessThan(0.06);
    // The optimum is at least as good as the rounded published point.
    expect(fit.logLikelihood).toBeGreaterThanOrEqual(bgNbdLogLikelihoodOf(cdnow, PUBLISHED));
  });

  it('customer 1 (x = 2, t_x = 30.43, T = 38.86) expects 1.226 purchases in the next 39 weeks', () => {
    const predictor = bgNbdPredictor(fit);
    expect(predictor.basis).toBe('model');
    expect(predictor.expectedPurchases({ x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
    expect(bgNbdExpectedPurchases(PUBLISHED, { x: 2, tx: 30.43, T: 38.86 }, 39)).toBeCloseTo(1.226, 3);
  });

  it('gives standard errors from the observed information', () => {
    const se = fit.standardErrors!;
    for (const name of ['r', 'alpha', 'a', 'b'] as const) {
      expect(se[name]).toBeGreaterThan(0);
      expect(se[name]).toBeLessThan(fit.params![name]);
    }
  });
});

describe('BG/NBD units', () => {
  it('fitting in days instead of weeks multiplies α by 7 and nothing else', () => {
    const weeks = fitBgNbd(cdnow);
    const days = fitBgNbd(cdnow.map((c) => ({ x: c.x, tx: c.tx * 7, T: c.T * 7 })));
    expect(days.params!.alpha / weeks.params!.alpha).toBeCloseTo(7, 4);
    for (const name of ['r', 'a', 'b'] as const) expect(days.params![name] / weeks.params![name]).toBeCloseTo(1, 4);
    // The likelihood is a density in time: each repeat purchase carries a factor 1/7.
    const repeats = cdnow.reduce((s, c) => s + c.x, 0);
    expect(days.logLikelihood - weeks.logLikelihood).toBeCloseTo(-repeats * Math.log(7), 3);
  });
});

describe('BG/NBD likelihood', () => {
  it('has an analytic gradient equal to the numeric one', () => {
    const table = buildRfmTable(cdnow, 1);
    const at = Float64Array.from([Math.log(0.3), Math.log(5), Math.log(0.6), Math.log(3)]);
    const f = (v: Float64Array) => bgNbdLogLikelihood(table, { r: Math.exp(v[0]!), alpha: Math.exp(v[1]!), a: Math.exp(v[2]!), b: Math.exp(v[3]!) });
    const analytic = new Float64Array(4);
    bgNbdLogLikelihood(table, { r: 0.3, alpha: 5, a: 0.6, b: 3 }, analytic);
    const numeric = new Float64Array(4);
    numericGradient(f, at, numeric);
    analytic.forEach((g, i) => expect(Math.abs(g - numeric[i]!)).toBeLessThan(1e-4 * (1 + Math.abs(g))));
  });

  it('is the sum of single-customer likelihoods computed from the textbook formula', () => {
    const p = { r: 0.3, alpha: 5, a: 0.6, b: 3 };
    const sample = cdnow.slice(0, 50);
    let direct = 0;
    for (const c of sample) {
      const a1 = Math.exp(lgammaRatio(p.r, c.x)) * p.alpha ** p.r;
      const a2 = Math.exp(lgammaRatio(p.b, c.x) - lgammaRatio(p.a + p.b, c.x));
      const a3 = (1 / (p.alpha + c.T)) ** (p.r + c.x);
      const a4 = c.x > 0 ? (p.a / (p.b + c.x - 1)) * (1 / (p.alpha + c.tx)) ** (p.r + c.x) : 0;
      direct += Math.log(a1 * a2 * (a3 + a4));
    }
    expect(bgNbdLogLikelihoodOf(sample, p)).toBeCloseTo(direct, 8);
  });

  it('gives the same value on compressed groups as on one row per customer', () => {
    const p = { r: 0.3, alpha: 5, a: 0.6, b: 3 };
    const compressed = compressRfm(cdnow);
    expect(compressed.length).toBeLessThan(cdnow.length);
    expect(compressed.reduce((s, g) => s + (g.count ?? 1), 0)).toBe(cdnow.length);
    expect(bgNbdLogLikelihoodOf(compressed, p)).toBeCloseTo(bgNbdLogLikelihoodOf(cdnow, p), 8);
  });
});

describe('BG/NBD predictions', () => {
  const p = PUBLISHED;

  it('conditional expectation equals the FHL (2005) eq. 10 form with the untransformed 2F1', () => {
    for (const c of [{ x: 0, tx: 0, T: 38.86 }, { x: 2, tx: 30.43, T: 38.86 }, { x: 7, tx: 35, T: 38 }]) {
      for (const t of [1, 39, 150]) {
        const z = t / (p.alpha + c.T + t);
        const bracket = 1 - ((p.alpha + c.T) / (p.alpha + c.T + t)) ** (p.r + c.x) * hyp2f1(p.r + c.x, p.b + c.x, p.a + p.b + c.x - 1, z);
        const expected = ((p.a + p.b + c.x - 1) / (p.a - 1)) * bracket * bgNbdProbabilityAlive(p, c);
        expect(bgNbdExpectedPurchases(p, c, t)).toBeCloseTo(expected, 9);
      }
    }
  });

  it('new-customer expectation is E[X(t)] of FHL eq. 9 and grows like the mean rate r/α at first', () => {
    const t = 1e-4;
    expect(bgNbdNewCustomerPurchases(p, t) / t).toBeCloseTo(p.r / p.alpha, 4);
    expect(bgNbdNewCustomerPurchases(p, 39)).toBeGreaterThan(bgNbdNewCustomerPurchases(p, 20));
  });

  it('P(alive) is 1 with no repeat purchase and falls with time since the last purchase', () => {
    expect(bgNbdProbabilityAlive(p, { x: 0, tx: 0, T: 50 })).toBe(1);
    const recent = bgNbdProbabilityAlive(p, { x: 3, tx: 37, T: 38 });
    const lapsed = bgNbdProbabilityAlive(p, { x: 3, tx: 5, T: 38 });
    expect(recent).toBeGreaterThan(lapsed);
    expect(lapsed).toBeGreaterThan(0);
  });

  it('is continuous through a = 1, where the closed form is 0/0', () => {
    const c = { x: 3, tx: 20, T: 38 };
    const atOne = bgNbdExpectedPurchases({ ...p, a: 1 }, c, 39);
    const near = bgNbdExpectedPurchases({ ...p, a: 1.01 }, c, 39);
    const below = bgNbdExpectedPurchases({ ...p, a: 0.99 }, c, 39);
    expect(Number.isFinite(atOne)).toBe(true);
    expect(atOne).toBeGreaterThan(Math.min(near, below) - 1e-9);
    expect(atOne).toBeLessThan(Math.max(near, below) + 1e-9);
  });

  it('stays finite and sensible for 1000 repeat purchases', () => {
    const c = { x: 1000, tx: 519.5, T: 520 };
    const alive = bgNbdProbabilityAlive(p, c);
    const e = bgNbdExpectedPurchases(p, c, 52);
    expect(alive).toBeGreaterThan(0.99);
    // A customer buying ~2 per week keeps buying at about that rate: (r+x)/(α+T) per week.
    expect(e / 52).toBeGreaterThan(0.8 * ((p.r + c.x) / (p.alpha + c.T)));
    expect(e / 52).toBeLessThan(1.01 * ((p.r + c.x) / (p.alpha + c.T)));
  });
});

function lgammaRatio(base: number, x: number): number {
  // ln Γ(base + x) − ln Γ(base) for integer x, by the product (independent of logGamma).
  let s = 0;
  for (let k = 0; k < x; k++) s += Math.log(base + k);
  return s;
}

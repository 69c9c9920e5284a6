import { describe, expect, it } from 'vitest';
import { fitGammaGamma, frequencyValueCorrelation, gammaGammaExpectedValue, gammaGammaPopulationMean, gammaGammaPredictor } from './gamma-gamma.js';
import { readCdnowSummaryWithValue } from './test-support/cdnow.js';
import { expectWithinShare } from './test-support/expect-near.js';

describe('Gamma-Gamma on the CDNOW repeat buyers (Fader & Hardie 2013)', () => {
  const rows = readCdnowSummaryWithValue();
  const fit = fitGammaGamma(rows.map((r) => ({ x: r.x, zbar: r.zbar })));

  it('uses the 946 repeat buyers and reproduces p = 6.25, q = 3.74, γ = 15.44 within 0.5%', () => {
    expect(fit.customers).toBe(946);
    expect(fit.excluded).toBe(2357 - 946);
    expect(fit.status).toBe('converged');
    const p = fit.params!;
    expectWithinShare(p.p, 6.25, 0.005);
    expectWithinShare(p.q, 3.74, 0.005);
    expectWithinShare(p.gamma, 15.44, 0.005);
  });

  it('gives the published population mean spend 35.17', () => {
    expect(gammaGammaPopulationMean(fit.params!)).toBeCloseTo(35.17, 2);
  });

  it('shrinks each customer\'s average towards the population mean, less so with more purchases', () => {
    const p = fit.params!;
    const mean = gammaGammaPopulationMean(p);
    const few = gammaGammaExpectedValue(p, { x: 1, zbar: 100 });
    const many = gammaGammaExpectedValue(p, { x: 30, zbar: 100 });
    expect(few).toBeGreaterThan(mean);
    expect(few).toBeLessThan(many);
    expect(many).toBeLessThan(100);
    // Weighted mean form: w·mean + (1−w)·zbar with w = (q−1)/(px+q−1).
    const w = (p.q - 1) / (p.p * 1 + p.q - 1);
    expect(few).toBeCloseTo(w * mean + (1 - w) * 100, 10);
    expect(gammaGammaPredictor(fit).expectedValue({ x: 0, zbar: 0 })).toBeCloseTo(mean, 10);
  });

  it('gives the same fit on groups with counts as on one row per customer', () => {
    const once = rows.filter((r) => r.x > 0).map((r) => ({ x: r.x, zbar: r.zbar }));
    const doubled = fitGammaGamma(once.map((r) => ({ ...r, count: 2 })));
    expect(doubled.customers).toBe(2 * 946);
    expect(doubled.params!.p).toBeCloseTo(fit.params!.p, 4);
    expect(doubled.params!.q).toBeCloseTo(fit.params!.q, 4);
    expect(doubled.logLikelihood / fit.logLikelihood).toBeCloseTo(2, 8);
  });

  it('reports the frequency–value correlation the model assumes away (CDNOW: weak, 0.11)', () => {
    const r = frequencyValueCorrelation(rows.map((c) => ({ x: c.x, zbar: c.zbar })));
    expect(r).toBeCloseTo(0.11, 2);
    expect(frequencyValueCorrelation([{ x: 1, zbar: 10 }, { x: 2, zbar: 20 }, { x: 3, zbar: 30 }])).toBeCloseTo(1, 12);
    expect(frequencyValueCorrelation([])).toBe(0);
  });

  it('does not depend on the money unit (cents instead of dollars scales γ only)', () => {
    const cents = fitGammaGamma(rows.map((r) => ({ x: r.x, zbar: r.zbar * 100 })));
    expect(cents.params!.p).toBeCloseTo(fit.params!.p, 4);
    expect(cents.params!.q).toBeCloseTo(fit.params!.q, 4);
    expect(cents.params!.gamma / 100).toBeCloseTo(fit.params!.gamma, 3);
  });
});

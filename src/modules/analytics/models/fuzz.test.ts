/**
 * Small random data sets — a handful of customers, frequencies up to 500, zero ages — are
 * where likelihoods run to their boundaries. Whatever the status, nothing a caller receives
 * may be NaN or Infinity.
 */
import { describe, expect, it } from 'vitest';
import { bgNbdPredictor, fitBgNbd } from './bg-nbd.js';
import { fitGammaGamma, gammaGammaPredictor } from './gamma-gamma.js';
import { seededRandom } from './numerics/random.js';
import { fitParetoNbd, paretoNbdPredictor } from './pareto-nbd.js';
import { fitSbg, sbgPredictor } from './sbg.js';

const random = seededRandom(5);
const datasets = Array.from({ length: 12 }, () => {
  const n = 2 + Math.floor(random.uniform() * 8);
  return Array.from({ length: n }, () => {
    const T = Math.floor(random.uniform() * 100);
    const x = random.uniform() < 0.4 ? 0 : Math.floor(random.uniform() ** 3 * 500);
    return { x, tx: x ? random.uniform() * T : 0, T, zbar: x ? 1 + random.uniform() * 50 : 0 };
  });
});

function expectFinite(values: number[]): void {
  for (const v of values) expect(Number.isFinite(v), String(v)).toBe(true);
}

describe('tiny random data sets never yield NaN or Infinity', () => {
  it.each(datasets.map((rows, i) => ({ i, rows })))('data set $i', ({ rows }) => {
    const bg = fitBgNbd(rows);
    const bgp = bgNbdPredictor(bg);
    expectFinite([bg.logLikelihood, ...Object.values(bg.params ?? {}), ...rows.flatMap((c) => [bgp.probabilityAlive(c), bgp.expectedPurchases(c, 52)])]);
    const pa = fitParetoNbd(rows);
    const pap = paretoNbdPredictor(pa);
    expectFinite([pa.logLikelihood, ...Object.values(pa.params ?? {}), ...rows.flatMap((c) => [pap.probabilityAlive(c), pap.expectedPurchases(c, 52)])]);
    const gg = fitGammaGamma(rows);
    expectFinite([gg.logLikelihood, ...rows.map((c) => gammaGammaPredictor(gg).expectedValue(c))]);
    const cohort = [100];
    for (let t = 1; t <= rows.length % 6; t++) cohort.push(Math.floor(cohort[t - 1]! * (0.5 + (rows[t - 1]!.T % 50) / 100)));
    const sbg = fitSbg([cohort]);
    const sp = sbgPredictor(sbg);
    expectFinite([sbg.logLikelihood, ...sp.survivalCurve(10), sp.discountedResidualLifetime(2, 0.1)]);
  });
});

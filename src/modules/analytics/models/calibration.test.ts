import { describe, expect, it } from 'vitest';
import { bgNbdPredictor, fitBgNbd } from './bg-nbd.js';
import { calibrationHoldoutByFrequency } from './calibration.js';
import { fitParetoNbd, paretoNbdPredictor } from './pareto-nbd.js';
import { readCdnowSummary } from './test-support/cdnow.js';
import { cdnowCalibrationHoldout } from './test-support/cdnow-holdout.js';

const holdout = cdnowCalibrationHoldout();

describe('CDNOW calibration / holdout', () => {
  it('the raw sample split reproduces the published calibration summary for all 2357 customers', () => {
    const summary = readCdnowSummary();
    expect(holdout.length).toBe(summary.length);
    holdout.forEach((c, i) => {
      const s = summary[i]!;
      expect(c.id).toBe(s.id);
      expect(c.x).toBe(s.x);
      expect(Math.abs(c.tx - s.tx)).toBeLessThan(0.006);
      expect(Math.abs(c.T - s.T)).toBeLessThan(0.006);
    });
  });

  it('groups customers by calibration frequency with an open last bucket', () => {
    const result = calibrationHoldoutByFrequency(() => 1, holdout, 39);
    expect(result.buckets.map((b) => b.label)).toEqual(['0', '1', '2', '3', '4', '5', '6', '7+']);
    expect(result.buckets.reduce((s, b) => s + b.customers, 0)).toBe(2357);
    const zero = holdout.filter((c) => c.x === 0);
    expect(result.buckets[0]!.customers).toBe(zero.length);
    expect(result.buckets[0]!.actualMean).toBeCloseTo(zero.reduce((s, c) => s + c.holdoutPurchases, 0) / zero.length, 12);
    expect(result.expectedTotal).toBe(2357);
  });

  it.each([
    { model: 'BG/NBD', predictor: () => bgNbdPredictor(fitBgNbd(holdout)).expectedPurchases },
    { model: 'Pareto/NBD', predictor: () => paretoNbdPredictor(fitParetoNbd(holdout)).expectedPurchases },
  ])('$model tracks the holdout: total within 15%, every bucket within 0.4 purchases', ({ predictor }) => {
    // Measured: 1,882 repeat purchase days in weeks 40–78; BG/NBD expects 1,653 (−12%),
    // Pareto/NBD −11.5% — both under-predict the middle frequencies a little, as in FHL's
    // fig. 5. A wrong conditional expectation (e.g. without P(alive)) misses by far more.
    const result = calibrationHoldoutByFrequency(predictor(), holdout, 39);
    expect(result.actualTotal).toBe(1882);
    expect(Math.abs(result.expectedTotal - result.actualTotal) / result.actualTotal).toBeLessThan(0.15);
    for (const bucket of result.buckets) {
      expect(Math.abs(bucket.expectedMean - bucket.actualMean), bucket.label).toBeLessThan(0.4);
    }
    // Repeat buying rises with past frequency, in the data and in the model.
    const means = result.buckets.map((b) => b.expectedMean);
    for (let i = 1; i < means.length; i++) expect(means[i]!).toBeGreaterThan(means[i - 1]!);
  });
});

/**
 * Calibration / holdout check (the classic plot of Fader, Hardie & Lee 2005, fig. 5):
 * customers are grouped by their repeat purchases in the calibration period (0, 1, …, with
 * the last bucket open, "7+"), and for each group the average number of purchases actually
 * made in the holdout period is set against the model's conditional expectation. Groups
 * that the model tracks well sit on the diagonal; the totals show overall bias.
 */
import type { RfmCustomer } from './rfm-degenerate.js';

export type HoldoutCustomer = RfmCustomer & { holdoutPurchases: number; count?: number };

export type FrequencyBucket = {
  /** Calibration repeat purchases (the first value of the bucket). */
  frequency: number;
  /** '0', '1', …, or e.g. '7+' for the open last bucket. */
  label: string;
  customers: number;
  actualMean: number;
  expectedMean: number;
};

export type CalibrationHoldout = {
  buckets: FrequencyBucket[];
  actualTotal: number;
  expectedTotal: number;
};

export function calibrationHoldoutByFrequency(
  expectedPurchases: (c: RfmCustomer, t: number) => number,
  customers: Iterable<HoldoutCustomer>,
  holdoutLength: number,
  lastBucket = 7,
): CalibrationHoldout {
  const size = lastBucket + 1;
  const count = new Array<number>(size).fill(0);
  const actual = new Array<number>(size).fill(0);
  const expected = new Array<number>(size).fill(0);
  let actualTotal = 0;
  let expectedTotal = 0;
  for (const c of customers) {
    const n = c.count ?? 1;
    const k = Math.min(c.x, lastBucket);
    const e = n * expectedPurchases(c, holdoutLength);
    count[k] = count[k]! + n;
    actual[k] = actual[k]! + n * c.holdoutPurchases;
    expected[k] = expected[k]! + e;
    actualTotal += n * c.holdoutPurchases;
    expectedTotal += e;
  }
  const buckets: FrequencyBucket[] = [];
  for (let k = 0; k < size; k++) {
    if (count[k] === 0) continue;
    buckets.push({
      frequency: k,
      label: k === lastBucket ? `${k}+` : String(k),
      customers: count[k]!,
      actualMean: actual[k]! / count[k]!,
      expectedMean: expected[k]! / count[k]!,
    });
  }
  return { buckets, actualTotal, expectedTotal };
}

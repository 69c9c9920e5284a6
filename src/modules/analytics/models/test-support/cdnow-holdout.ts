/**
 * Calibration/holdout split of the raw CDNOW sample, as in Fader, Hardie & Lee (2005):
 * calibration 1997-01-01 … 1997-09-30 (39 weeks), holdout the following 39 weeks to
 * 1998-06-30. Purchases on the same day count once. Times in weeks from each customer's
 * first purchase.
 */
import { readCdnowSamplePurchases } from './cdnow.js';

export const CALIBRATION_END_DAY = 272; // 1997-09-30
export const HOLDOUT_END_DAY = 545; // 1998-06-30

export type CdnowHoldoutCustomer = { id: number; x: number; tx: number; T: number; holdoutPurchases: number };

export function cdnowCalibrationHoldout(): CdnowHoldoutCustomer[] {
  const days = new Map<number, Set<number>>();
  for (const p of readCdnowSamplePurchases()) {
    let set = days.get(p.sampleId);
    if (!set) days.set(p.sampleId, (set = new Set()));
    set.add(p.day);
  }
  return [...days.entries()].sort((a, b) => a[0] - b[0]).map(([id, set]) => {
    const sorted = [...set].sort((a, b) => a - b);
    const first = sorted[0]!;
    const calibration = sorted.filter((d) => d <= CALIBRATION_END_DAY);
    const last = calibration[calibration.length - 1]!;
    return {
      id,
      x: calibration.length - 1,
      tx: (last - first) / 7,
      T: (CALIBRATION_END_DAY - first) / 7,
      holdoutPurchases: sorted.filter((d) => d > CALIBRATION_END_DAY && d <= HOLDOUT_END_DAY).length,
    };
  });
}

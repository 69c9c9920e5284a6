import {
  bgNbdFrequencyHistogram, bgNbdPredictor, customerLifetimeValue, fitBgNbd, fitGammaGamma, fitParetoNbd, modelSummary, paretoNbdPredictor,
  type GammaGammaFit, type GammaGammaGroup, type ModelSummary, type RfmGroup,
} from '../models/index.js';
import type { HoldoutCalibration } from './holdout-calibration.js';

/**
 * The model step of a run: BG/NBD on the (x, t_x, T) groups in days; when its fit is
 * degenerate or not identified, Pareto/NBD; when that fails too, the empirical fallback of
 * the models library (pooled purchase rate, everyone alive). Gamma-Gamma on the repeat
 * buyers' (x, z̄) groups. Predictions are made once per group, never per customer.
 */
export type PurchaseModel = 'bgnbd' | 'pareto-nbd' | 'fallback';

export type ClvHorizonSettings = { horizonMonths: number; discountRate: number };

export type GroupPredictions = {
  x: Int32Array; tx: Int32Array; T: Int32Array;
  pAlive: Float64Array;
  expected90: Float64Array;
  /** Expected purchases over the horizon, each discounted to today: CLV = this × expected value × margin. */
  discountedPurchases: Float64Array;
};

export type CalibrationRow = { frequency: number; label: string; customers: number; actual: number; expected: number };

export type PurchaseFits = {
  purchaseModel: PurchaseModel;
  bgNbd: ModelSummary;
  paretoNbd: ModelSummary | null;
  gammaGamma: ModelSummary & { fallbackMean: number };
  /** In-sample check: customers per repeat purchases, actual vs BG/NBD expected (FHL 2005 fig. 2). */
  frequencyHistogram: CalibrationRow[];
  /** Out-of-sample check on a holdout period (holdout-calibration.ts), filled in by the run. */
  holdout: HoldoutCalibration | null;
};

const usable = (status: string) => status === 'converged' || status === 'not_converged';

/** Days in an average month: CLV periods are months. */
export const MONTH_DAYS = 365 / 12;

export function fitPurchaseModels(groups: ReadonlyArray<RfmGroup & { count: number }>, spend: ReadonlyArray<GammaGammaGroup>, horizon: ClvHorizonSettings) {
  const timings = { bgNbd: 0, paretoNbd: 0, gammaGamma: 0, predict: 0 };
  let t0 = performance.now();
  const bg = fitBgNbd(groups);
  timings.bgNbd = Math.round(performance.now() - t0);
  let model: PurchaseModel = 'bgnbd';
  let predictor: { probabilityAlive(c: RfmGroup): number; expectedPurchases(c: RfmGroup, t: number): number } = bgNbdPredictor(bg);
  let pareto: ModelSummary | null = null;
  if (!usable(bg.status)) {
    t0 = performance.now();
    const fit = fitParetoNbd(groups);
    timings.paretoNbd = Math.round(performance.now() - t0);
    pareto = modelSummary(fit);
    if (usable(fit.status)) {
      model = 'pareto-nbd';
      predictor = paretoNbdPredictor(fit);
    } else {
      model = 'fallback';
      predictor = bgNbdPredictor({ params: null, fallbackRate: bg.fallbackRate });
    }
  }
  t0 = performance.now();
  const gg: GammaGammaFit = fitGammaGamma(spend);
  timings.gammaGamma = Math.round(performance.now() - t0);
  t0 = performance.now();
  const size = groups.length;
  const out: GroupPredictions = {
    x: new Int32Array(size), tx: new Int32Array(size), T: new Int32Array(size),
    pAlive: new Float64Array(size), expected90: new Float64Array(size), discountedPurchases: new Float64Array(size),
  };
  const monthly = (1 + horizon.discountRate) ** (1 / 12) - 1;
  const clvHorizon = { periods: horizon.horizonMonths, periodLength: MONTH_DAYS, discountRate: monthly };
  for (let i = 0; i < size; i++) {
    const g = groups[i]!;
    const c = { x: g.x, tx: g.tx, T: g.T };
    out.x[i] = g.x;
    out.tx[i] = g.tx;
    out.T[i] = g.T;
    out.pAlive[i] = clamp01(predictor.probabilityAlive(c));
    out.expected90[i] = finiteNonNegative(predictor.expectedPurchases(c, 90));
    out.discountedPurchases[i] = finiteNonNegative(
      customerLifetimeValue({ expectedPurchases: predictor.expectedPurchases, customer: c, expectedValue: 1, horizon: clvHorizon }).value,
    );
  }
  timings.predict = Math.round(performance.now() - t0);
  const frequencyHistogram = model === 'bgnbd' && bg.params
    ? bgNbdFrequencyHistogram(bg.params, groups).map((row) => ({ frequency: row.frequency, label: row.label, customers: row.actual, actual: row.actual, expected: row.expected }))
    : [];
  const fits: PurchaseFits = {
    purchaseModel: model,
    bgNbd: modelSummary(bg),
    paretoNbd: pareto,
    gammaGamma: { ...modelSummary(gg), fallbackMean: gg.fallbackMean },
    frequencyHistogram,
    holdout: null,
  };
  return { fits, predictions: out, gammaGamma: gg, timings };
}

function clamp01(value: number): number {
  return Number.isFinite(value) ? Math.min(1, Math.max(0, value)) : 1;
}

function finiteNonNegative(value: number): number {
  return Number.isFinite(value) && value > 0 ? value : 0;
}

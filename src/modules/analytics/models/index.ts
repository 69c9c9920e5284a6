/**
 * Public surface of the customer-base models: pure functions, no database. The analytics
 * use cases summarise customers in SQL (grouped by (x, t_x, T) or (x, zbar) with counts),
 * fit here, and predict per group. See docs/analytics-models.md.
 */
export { fitBgNbd, bgNbdPredictor, bgNbdProbabilityAlive, bgNbdExpectedPurchases, bgNbdNewCustomerPurchases, bgNbdLogLikelihoodOf } from './bg-nbd.js';
export type { BgNbdFit, BgNbdParams, BgNbdPredictor } from './bg-nbd.js';
export { fitParetoNbd, paretoNbdPredictor, paretoNbdProbabilityAlive, paretoNbdExpectedPurchases, paretoNbdNewCustomerPurchases } from './pareto-nbd.js';
export type { ParetoNbdFit, ParetoNbdParams, ParetoNbdPredictor } from './pareto-nbd.js';
export { fitGammaGamma, gammaGammaPredictor, gammaGammaExpectedValue, gammaGammaPopulationMean, frequencyValueCorrelation } from './gamma-gamma.js';
export type { GammaGammaFit, GammaGammaGroup, GammaGammaParams } from './gamma-gamma.js';
export { fitSbg, sbgPredictor, sbgProjectCohort, sbgSurvivalCurve, sbgRenewalProbability, sbgDerl, sbgLogLikelihood } from './sbg.js';
export type { SbgFit, SbgParams, SbgPredictor } from './sbg.js';
export { customerLifetimeValue } from './clv.js';
export type { ClvHorizon, ClvInput, ClvResult } from './clv.js';
export { calibrationHoldoutByFrequency } from './calibration.js';
export { bgNbdFrequencyHistogram, bgNbdPurchaseCountDistribution } from './bg-nbd-frequency.js';
export type { FrequencyHistogramRow } from './bg-nbd-frequency.js';
export type { CalibrationHoldout, FrequencyBucket, HoldoutCustomer } from './calibration.js';
export { compressRfm } from './rfm-table.js';
export type { RfmGroup } from './rfm-table.js';
export type { RfmCustomer } from './rfm-degenerate.js';
export type { ConvergenceReport, FitNote, FitStatus, ModelFit, ModelName } from './fit-result.js';
export { modelSummary } from './model-summary.js';
export type { ModelSummary } from './model-summary.js';

/**
 * Data on which the purchase-count models have nothing to estimate, shared by BG/NBD and
 * Pareto/NBD: no customers, no observation time, or no repeat purchase at all (then every
 * likelihood increases towards r → 0, a model in which nobody buys again).
 */
import { NO_OPTIMISATION, note, type FitNote, type FitStatus, type ConvergenceReport } from './fit-result.js';
import type { RfmTable } from './rfm-table.js';

/** One customer's history for predictions: repeat purchases, last purchase time, age (since first purchase). */
export type RfmCustomer = { x: number; tx: number; T: number };

export type DegenerateFit = {
  status: FitStatus;
  notes: FitNote[];
  params: null;
  standardErrors: null;
  logLikelihood: number;
  convergence: ConvergenceReport;
};

export function degenerateRfmFit(table: RfmTable): DegenerateFit | null {
  let reason: FitNote | null = null;
  if (table.customers === 0) {
    reason = note('no_customers', '没有客户数据，无法拟合模型', 'No customers: there is nothing to fit');
  } else if (table.observedTime === 0) {
    reason = note('no_observation_time', '所有客户的观察期长度都是 0，无法估计购买率',
      'Every customer was observed for zero time: purchase rates cannot be estimated');
  } else if (table.repeatPurchases === 0) {
    reason = note('no_repeat_purchases', '没有任何重复购买，模型无法识别；预测使用合并购买率（为 0）',
      'No customer has a repeat purchase: the model is not identified; predictions use the pooled rate (zero)');
  } else if (table.customers < 2) {
    reason = note('too_few_customers', '客户太少，无法估计人群异质性；预测使用合并购买率',
      'Too few customers to estimate how they differ; predictions use the pooled rate');
  }
  if (!reason) return null;
  return { status: 'degenerate', notes: [reason], params: null, standardErrors: null, logLikelihood: 0, convergence: NO_OPTIMISATION };
}

/** Σ count·x / Σ count·T in the caller's time unit (0 when no time was observed). */
export function pooledRate(table: RfmTable): number {
  return table.observedTime > 0 ? table.repeatPurchases / table.observedTime : 0;
}

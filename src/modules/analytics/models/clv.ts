/**
 * Customer lifetime value over a finite horizon, combining a purchase-count model (BG/NBD
 * or Pareto/NBD) with the Gamma-Gamma expected value per transaction:
 *
 *   CLV = margin · E[M] · Σ_{k=1..K} ( E[Y(k·L)] − E[Y((k−1)·L)] ) / (1 + d)^k
 *
 * where E[Y(t)] is the customer's expected purchases in (T, T + t], L the period length in
 * the purchase model's time unit, K the number of periods and d the discount rate per period.
 * Purchases expected in period k are valued at the end of that period (discounted k times).
 * An annual rate D converts to a period of L days as d = (1 + D)^(L/365) − 1.
 */
import { fieldError } from '../../../shared/errors.js';
import type { RfmCustomer } from './rfm-degenerate.js';

export type ClvHorizon = {
  periods: number;
  /** Length of one period in the purchase model's time unit (e.g. 4.345 weeks for a month). */
  periodLength: number;
  /** Discount rate per period, >= 0. */
  discountRate: number;
  /** Share of revenue kept as profit (default 1: revenue value). */
  margin?: number;
};

export type ClvInput = {
  /** Expected purchases of this customer in (T, T + t]. */
  expectedPurchases: (c: RfmCustomer, t: number) => number;
  customer: RfmCustomer;
  /** Expected value per transaction (e.g. from the Gamma-Gamma predictor). */
  expectedValue: number;
  horizon: ClvHorizon;
};

export type ClvResult = {
  value: number;
  /** Undiscounted expected purchases over the whole horizon. */
  expectedPurchases: number;
  /** Discounted value of each period (same length as the horizon). */
  byPeriod: number[];
};

export function customerLifetimeValue(input: ClvInput): ClvResult {
  validateHorizon(input.horizon);
  const { periods, periodLength, discountRate } = input.horizon;
  const margin = input.horizon.margin ?? 1;
  const byPeriod: number[] = [];
  let previous = 0;
  let value = 0;
  let discount = 1;
  for (let k = 1; k <= periods; k++) {
    const cumulative = Math.max(previous, input.expectedPurchases(input.customer, k * periodLength));
    discount /= 1 + discountRate;
    const periodValue = margin * input.expectedValue * (cumulative - previous) * discount;
    byPeriod.push(periodValue);
    value += periodValue;
    previous = cumulative;
  }
  return { value, expectedPurchases: previous, byPeriod };
}

function validateHorizon(h: ClvHorizon): void {
  const fail = (field: string, zh: string, en: string) => {
    throw fieldError(`horizon.${field}`, 'invalid_horizon', { 'zh-CN': zh, 'en-US': en });
  };
  if (!Number.isInteger(h.periods) || h.periods < 1 || h.periods > 10_000) fail('periods', '期数必须是 1 到 10000 之间的整数', 'periods must be an integer from 1 to 10000');
  if (!(h.periodLength > 0) || !Number.isFinite(h.periodLength)) fail('periodLength', '每期长度必须大于 0', 'periodLength must be greater than 0');
  if (!(h.discountRate >= 0) || !Number.isFinite(h.discountRate)) fail('discountRate', '贴现率必须不小于 0', 'discountRate must be >= 0');
  if (h.margin !== undefined && !Number.isFinite(h.margin)) fail('margin', '利润率必须是数字', 'margin must be a number');
}

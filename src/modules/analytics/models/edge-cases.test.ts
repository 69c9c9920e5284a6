/**
 * Awkward data never crash a fit or leak NaN/Infinity: each case ends in a status a caller
 * can act on, and predictions stay finite numbers.
 */
import { describe, expect, it } from 'vitest';
import { AppError, ValidationError } from '../../../shared/errors.js';
import { bgNbdPredictor, fitBgNbd, type BgNbdFit } from './bg-nbd.js';
import { fitGammaGamma, gammaGammaPredictor } from './gamma-gamma.js';
import { fitParetoNbd, paretoNbdPredictor, type ParetoNbdFit } from './pareto-nbd.js';
import { fitSbg, sbgPredictor } from './sbg.js';
import type { RfmGroup } from './rfm-table.js';
import { readCdnowSummary } from './test-support/cdnow.js';

const rfmFits: Array<[string, (rows: RfmGroup[]) => BgNbdFit | ParetoNbdFit]> = [['BG/NBD', fitBgNbd], ['Pareto/NBD', fitParetoNbd]];

function predict(fit: BgNbdFit | ParetoNbdFit) {
  return fit.model === 'bgnbd' ? bgNbdPredictor(fit) : paretoNbdPredictor(fit);
}

function expectAllFinite(value: unknown): void {
  const text = JSON.stringify(value, (_k, v) => {
    if (typeof v === 'number' && !Number.isFinite(v)) throw new Error(`non-finite number ${v} in ${JSON.stringify(value)}`);
    return v;
  });
  expect(text.length).toBeGreaterThan(0);
}

describe.each(rfmFits)('%s on awkward data', (_name, fit) => {
  it('no repeat purchases at all: degenerate, predictions zero', () => {
    const result = fit([{ x: 0, tx: 0, T: 30, count: 500 }, { x: 0, tx: 0, T: 12, count: 20 }]);
    expect(result.status).toBe('degenerate');
    expect(result.params).toBeNull();
    expect(result.notes[0]!.code).toBe('no_repeat_purchases');
    expect(result.notes[0]!.messages['zh-CN']).toContain('重复购买');
    const p = predict(result);
    expect(p.basis).toBe('fallback');
    expect(p.expectedPurchases({ x: 0, tx: 0, T: 30 }, 52)).toBe(0);
    expect(p.probabilityAlive({ x: 0, tx: 0, T: 30 })).toBe(1);
    expectAllFinite(result);
  });

  it('one customer: degenerate, predictions from the customer\'s own rate', () => {
    const result = fit([{ x: 4, tx: 20, T: 40 }]);
    expect(result.status).toBe('degenerate');
    expect(result.notes[0]!.code).toBe('too_few_customers');
    expect(predict(result).expectedPurchases({ x: 4, tx: 20, T: 40 }, 10)).toBeCloseTo(1, 12);
  });

  it('zero-length observation: degenerate, not NaN', () => {
    const result = fit([{ x: 0, tx: 0, T: 0, count: 10 }, { x: 2, tx: 0, T: 0 }]);
    expect(result.status).toBe('degenerate');
    expect(result.notes[0]!.code).toBe('no_observation_time');
    expect(predict(result).expectedPurchases({ x: 2, tx: 0, T: 0 }, 10)).toBe(0);
    expectAllFinite(result);
  });

  it('no customers: degenerate', () => {
    const result = fit([]);
    expect(result.status).toBe('degenerate');
    expect(result.notes[0]!.code).toBe('no_customers');
  });

  it('customers with frequencies of 1000 alongside CDNOW: finite fit and predictions', () => {
    const rows: RfmGroup[] = [...readCdnowSummary(), { x: 1000, tx: 38.85, T: 38.86, count: 3 }, { x: 400, tx: 10, T: 38.86 }];
    const result = fit(rows);
    expect(['converged', 'not_converged']).toContain(result.status);
    expectAllFinite(result);
    const p = predict(result);
    const heavy = p.expectedPurchases({ x: 1000, tx: 38.85, T: 38.86 }, 39);
    expect(heavy).toBeGreaterThan(500);
    expect(p.probabilityAlive({ x: 400, tx: 10, T: 38.86 })).toBeLessThan(0.01);
  });

  it('last purchase at the end of observation (T = t_x) for everyone', () => {
    const rows: RfmGroup[] = readCdnowSummary().map((c) => ({ x: c.x, tx: c.x > 0 ? c.T : 0, T: c.T }));
    const result = fit(rows);
    expectAllFinite(result);
    expect(result.status).not.toBe('degenerate');
  });

  it('millions of customers: counts scale the log-likelihood, not the estimates', () => {
    const base = readCdnowSummary();
    const small = fit(base);
    const big = fit(base.map((c) => ({ ...c, count: 2000 }))); // 4.7 million customers
    expect(big.customers).toBe(2357 * 2000);
    expect(big.logLikelihood / small.logLikelihood).toBeCloseTo(2000, 6);
    for (const [name, value] of Object.entries(small.params!)) {
      expect((big.params as Record<string, number>)[name]! / value).toBeCloseTo(1, 4);
    }
  });

  it('rejects impossible rows with the field and the reason', () => {
    const cases: Array<[RfmGroup, string]> = [
      [{ x: -1, tx: 0, T: 5 }, 'rows[1].x'],
      [{ x: 1.5, tx: 1, T: 5 }, 'rows[1].x'],
      [{ x: 2, tx: 6, T: 5 }, 'rows[1].tx'],
      [{ x: 2, tx: 1, T: Number.NaN }, 'rows[1].T'],
      [{ x: 2, tx: 1, T: 5, count: -3 }, 'rows[1].count'],
    ];
    for (const [bad, path] of cases) {
      let error: unknown;
      try {
        fit([{ x: 1, tx: 1, T: 5 }, bad]);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(ValidationError);
      expect((error as ValidationError).issues[0]!.path).toBe(path);
      expect((error as AppError).messages['zh-CN']).toContain(path);
    }
  });
});

describe('Gamma-Gamma on awkward data', () => {
  it('no repeat buyers or a single one: degenerate, falls back to the average order value', () => {
    const none = fitGammaGamma([{ x: 0, zbar: 0, count: 100 }]);
    expect(none.status).toBe('degenerate');
    expect(gammaGammaPredictor(none).expectedValue({ x: 0, zbar: 0 })).toBe(0);
    const one = fitGammaGamma([{ x: 3, zbar: 25 }, { x: 0, zbar: 0 }]);
    expect(one.status).toBe('degenerate');
    expect(gammaGammaPredictor(one).expectedValue({ x: 0, zbar: 0 })).toBe(25);
    expect(gammaGammaPredictor(one).expectedValue({ x: 2, zbar: 40 })).toBe(40);
  });

  it('everyone spending exactly the same: a finite result with a status, never NaN', () => {
    const fit = fitGammaGamma([{ x: 1, zbar: 10, count: 50 }, { x: 4, zbar: 10, count: 50 }]);
    expectAllFinite(fit);
    expect(['not_identified', 'not_converged', 'converged']).toContain(fit.status);
    expect(gammaGammaPredictor(fit).expectedValue({ x: 2, zbar: 10 })).toBeGreaterThan(0);
  });

  it('rejects a negative average value with the field', () => {
    expect(() => fitGammaGamma([{ x: 2, zbar: -1 }])).toThrow(/rows\[0\]\.zbar/);
  });
});

describe('sBG on awkward data', () => {
  it('no observed period, no churn, or everyone churning at once: degenerate with a fallback curve', () => {
    const cases: Array<[number[][], string]> = [
      [[[100]], 'no_periods'],
      [[[100, 100, 100]], 'no_churn'],
      [[[100, 0]], 'all_churned'],
      [[], 'no_periods'],
    ];
    for (const [data, code] of cases) {
      const fit = fitSbg(data);
      expect(fit.status).toBe('degenerate');
      expect(fit.notes[0]!.code).toBe(code);
      const p = sbgPredictor(fit);
      expectAllFinite(p.survivalCurve(5));
      expectAllFinite(p.discountedResidualLifetime(1, 0.1));
    }
  });
});

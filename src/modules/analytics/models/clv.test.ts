import { describe, expect, it } from 'vitest';
import { bgNbdExpectedPurchases } from './bg-nbd.js';
import { customerLifetimeValue } from './clv.js';

describe('customerLifetimeValue', () => {
  it('with a constant purchase rate equals the discounted annuity', () => {
    const rate = 0.5; // purchases per week
    const result = customerLifetimeValue({
      expectedPurchases: (_c, t) => rate * t,
      customer: { x: 1, tx: 1, T: 2 },
      expectedValue: 40,
      horizon: { periods: 12, periodLength: 4, discountRate: 0.01, margin: 0.3 },
    });
    const perPeriod = 0.3 * 40 * rate * 4;
    const annuity = (1 - 1.01 ** -12) / 0.01;
    expect(result.value).toBeCloseTo(perPeriod * annuity, 10);
    expect(result.expectedPurchases).toBeCloseTo(24, 12);
    expect(result.byPeriod).toHaveLength(12);
    expect(result.byPeriod[0]).toBeCloseTo(perPeriod / 1.01, 12);
  });

  it('undiscounted single period = expected purchases × value (CDNOW customer 1)', () => {
    const params = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };
    const result = customerLifetimeValue({
      expectedPurchases: (c, t) => bgNbdExpectedPurchases(params, c, t),
      customer: { x: 2, tx: 30.43, T: 38.86 },
      expectedValue: 35,
      horizon: { periods: 1, periodLength: 39, discountRate: 0 },
    });
    expect(result.value).toBeCloseTo(35 * 1.226, 1);
    const discounted = customerLifetimeValue({
      expectedPurchases: (c, t) => bgNbdExpectedPurchases(params, c, t),
      customer: { x: 2, tx: 30.43, T: 38.86 },
      expectedValue: 35,
      horizon: { periods: 39, periodLength: 1, discountRate: 0.002 },
    });
    expect(discounted.expectedPurchases).toBeCloseTo(result.expectedPurchases, 10);
    expect(discounted.value).toBeLessThan(result.value);
    expect(discounted.value).toBeGreaterThan(result.value / 1.002 ** 39);
  });

  it('rejects a horizon without periods or with a negative discount rate, naming the field', () => {
    const base = { expectedPurchases: () => 1, customer: { x: 0, tx: 0, T: 1 }, expectedValue: 1 };
    expect(() => customerLifetimeValue({ ...base, horizon: { periods: 0, periodLength: 1, discountRate: 0 } })).toThrow(/horizon\.periods/);
    expect(() => customerLifetimeValue({ ...base, horizon: { periods: 3, periodLength: 0, discountRate: 0 } })).toThrow(/horizon\.periodLength/);
    expect(() => customerLifetimeValue({ ...base, horizon: { periods: 3, periodLength: 1, discountRate: -0.1 } })).toThrow(/horizon\.discountRate/);
  });
});

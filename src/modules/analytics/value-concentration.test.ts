import { describe, expect, it } from 'vitest';
import { concentrationFromSorted } from './value-concentration.js';

describe('80/20 analysis from buyers sorted by profit', () => {
  it('computes the whale peak, the tail that destroys profit, the Lorenz curve, Gini and tiers by hand', () => {
    // Five buyers, by profit descending (cents); one has a net refund (revenue below zero).
    const profit = [500n, 300n, 0n, -100n, -200n];
    const revenue = [1000n, 600n, 50n, -20n, 100n];
    const result = concentrationFromSorted('2026-11-01', profit, revenue);
    expect(result).toMatchObject({ buyers: 5, revenue: '17.30', profit: '5.00', destroyed: '3.00' });
    // Cumulative profit 5, 8, 8, 7, 5: highest (8) first reached at the second buyer.
    expect(result.whalePeak).toEqual({ customerShare: 0.4, profit: '8.00', profitShare: 1.6 });
    const at = (curve: { customerShare: number; valueShare: number | null }[], share: number) => curve.find((point) => point.customerShare === share)!.valueShare;
    expect([0, 0.2, 0.4, 0.6, 0.8, 1].map((share) => at(result.whale, share))).toEqual([0, 1, 1.6, 1.6, 1.4, 1]);
    expect(at(result.whale, 0.19)).toBe(0); // positions below one whole buyer hold nothing yet
    // Revenue, refunds counted as 0, ascending: 0, 0.50, 1.00, 6.00, 10.00 (total 17.50).
    expect([0.2, 0.4, 0.6, 0.8, 1].map((share) => at(result.lorenz, share))).toEqual([0, 50 / 1750, 150 / 1750, 750 / 1750, 1]);
    expect(result.gini).toBeCloseTo((2 * (2 * 50 + 3 * 100 + 4 * 600 + 5 * 1000)) / (5 * 1750) - 6 / 5, 12);
    expect(result.top20RevenueShare).toBe(1000 / 1750);
    expect(result.top20ProfitShare).toBe(1);
    expect(result.tiers).toEqual([
      { tier: 'top', customers: 1, profit: '5.00', revenue: '10.00', minProfit: '5.00' },
      { tier: 'middle', customers: 3, profit: '2.00', revenue: '6.30', minProfit: '-1.00' },
      { tier: 'bottom', customers: 1, profit: '-2.00', revenue: '1.00', minProfit: '-2.00' },
    ]);
  });

  it('has nothing to say about no buyers, without dividing by zero', () => {
    const result = concentrationFromSorted('2026-11-01', [], []);
    expect(result).toMatchObject({ buyers: 0, revenue: '0', profit: '0', gini: null, whalePeak: null, destroyed: '0', top20RevenueShare: null });
    expect(result.lorenz).toHaveLength(101);
    expect(result.lorenz.every((point) => point.valueShare === null)).toBe(true);
    expect(result.tiers.map((tier) => tier.customers)).toEqual([0, 0, 0]);
  });
});

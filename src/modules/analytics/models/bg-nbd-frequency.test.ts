import { describe, expect, it } from 'vitest';
import { bgNbdFrequencyHistogram, bgNbdPurchaseCountDistribution } from './bg-nbd-frequency.js';
import { seededRandom } from './numerics/random.js';
import { simulateBgNbd } from './simulate.js';
import { readCdnowSummary } from './test-support/cdnow.js';

const PUBLISHED = { r: 0.243, alpha: 4.414, a: 0.793, b: 2.426 };

describe('BG/NBD purchase-count distribution', () => {
  it('matches the frequencies of 200,000 customers simulated from the model story', () => {
    const customers = 200_000;
    const rows = simulateBgNbd(PUBLISHED, { customers, random: seededRandom(21), observation: () => 39 });
    const dist = bgNbdPurchaseCountDistribution(PUBLISHED, 39, 10);
    const counts = new Array<number>(11).fill(0);
    for (const row of rows) counts[Math.min(row.x, 10)]!++;
    dist.forEach((prob, x) => {
      // Binomial sampling error of a share: sqrt(p(1−p)/n); allow 4 of them.
      const sd = Math.sqrt((prob * (1 - prob)) / customers);
      expect(Math.abs(counts[x]! / customers - prob), `x = ${x}`).toBeLessThan(4 * sd + 1e-6);
    });
  });

  it('sums to one and has a vanishing tail', () => {
    const dist = bgNbdPurchaseCountDistribution(PUBLISHED, 39, 300);
    expect(dist.every((v) => v >= 0)).toBe(true);
    expect(dist.slice(0, 300).reduce((s, v) => s + v, 0)).toBeCloseTo(1, 6);
  });

  it('fits the CDNOW calibration histogram (FHL 2005 fig. 2)', () => {
    const rows = bgNbdFrequencyHistogram(PUBLISHED, readCdnowSummary());
    expect(rows.map((r) => r.actual)).toEqual([1411, 439, 214, 100, 62, 38, 29, 64]);
    expect(rows.reduce((s, r) => s + r.expected, 0)).toBeCloseTo(2357, 6);
    for (const row of rows) expect(Math.abs(row.expected - row.actual), row.label).toBeLessThan(Math.max(10, 0.12 * row.actual));
  });
});

import { expect } from 'vitest';

/** |actual − expected| <= share · |expected| (e.g. share 0.005 for "within 0.5%"). */
export function expectWithinShare(actual: number, expected: number, share: number): void {
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(share * Math.abs(expected));
}

import { describe, expect, it } from 'vitest';
import { hyp2f1, hyp2f1Log, hyp2f1ShiftedLog } from './hyp2f1.js';

describe('hyp2f1', () => {
  it('matches closed forms on [0, 1)', () => {
    for (const z of [0.1, 0.5, 0.9, 0.99]) {
      expect(hyp2f1(1, 1, 2, z)).toBeCloseTo(-Math.log(1 - z) / z, 10);
      expect(hyp2f1(2.5, 0.7, 0.7, z)).toBeCloseTo((1 - z) ** -2.5, 8);
    }
    const w = 0.6;
    expect(hyp2f1(0.5, 0.5, 1.5, w * w)).toBeCloseTo(Math.asin(w) / w, 13);
  });

  it('handles negative arguments through Pfaff, also beyond −1', () => {
    for (const z of [0.3, 1, 5, 40]) {
      expect(hyp2f1(1, 1, 2, -z)).toBeCloseTo(Math.log(1 + z) / z, 12);
    }
  });

  it('returns logs for values far beyond double range', () => {
    // 2F1(a, b; b; z) = (1 − z)^(−a): 0.1^(−2000) overflows a double, its log does not.
    const r = hyp2f1Log(2000, 500, 500, 0.9);
    expect(r.sign).toBe(1);
    expect(r.converged).toBe(true);
    expect(r.logAbs).toBeCloseTo(2000 * Math.log(10), 6);
  });

  it('keeps negative and sign-changing parameters right', () => {
    // Terminating series: 2F1(−2, b; c; z) = 1 − 2bz/c + b(b+1)z²/(c(c+1)).
    const b = 1.5;
    const c = 2.5;
    const z = 0.4;
    expect(hyp2f1(-2, b, c, z)).toBeCloseTo(1 - (2 * b * z) / c + (b * (b + 1) * z * z) / (c * (c + 1)), 14);
  });

  it('rejects arguments outside its domain with NaN rather than a wrong number', () => {
    expect(Number.isNaN(hyp2f1(1, 1, 2, 1))).toBe(true);
    expect(Number.isNaN(hyp2f1(1, 1, -0.5, 0.2))).toBe(true);
  });
});

describe('hyp2f1ShiftedLog (c = a + 1) near z = 1', () => {
  const direct = (a: number, b: number, z: number) => hyp2f1Log(a, b, a + 1, z, 5_000_000).logAbs;

  it('agrees with the plain series where both work, for integer and non-integer b', () => {
    for (const [a, b] of [[0.7, 1.6], [3.2, 2], [12.5, 0.4], [1.2, 1], [40, 7.3], [2, 30.5]] as const) {
      for (const z of [0.91, 0.97, 0.995]) {
        expect(hyp2f1ShiftedLog(a, b, z).logAbs).toBeCloseTo(direct(a, b, z), 8);
      }
    }
  });

  it('matches closed forms very close to 1', () => {
    for (const z of [0.999, 1 - 1e-6, 1 - 1e-10]) {
      // 2F1(1, 1; 2; z) = −ln(1−z)/z (integer b: the averaged path).
      expect(Math.exp(hyp2f1ShiftedLog(1, 1, z).logAbs)).toBeCloseTo(-Math.log1p(-z) / z, 6);
      // 2F1(1, 1/2; 2; z) = 2(1 − √(1−z))/z.
      expect(Math.exp(hyp2f1ShiftedLog(1, 0.5, z).logAbs)).toBeCloseTo((2 * (1 - Math.sqrt(1 - z))) / z, 10);
    }
  });
});

import { describe, expect, it } from 'vitest';
import { digamma, inverseOnePlusExp, logAddExp, logBeta, logGamma, logSubExp, logSumExp, oneMinusPowerOverExponent } from './special.js';

const EULER_GAMMA = 0.5772156649015329;

describe('logGamma', () => {
  it('matches factorials and Γ(1/2) = √π', () => {
    let factorial = 1;
    for (let n = 1; n <= 25; n++) {
      expect(logGamma(n)).toBeCloseTo(Math.log(factorial), 12);
      factorial *= n;
    }
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 14);
    expect(logGamma(1.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI) / 2), 14);
  });

  it('is accurate for small and huge arguments (reference values from tables)', () => {
    expect(logGamma(1e-3)).toBeCloseTo(6.907178885383853, 12);
    expect(logGamma(100)).toBeCloseTo(359.1342053695754, 10);
    // Stirling branch: ln Γ(1e8) = 1e8·ln(1e8) − 1e8 − ½ln(1e8) + ½ln(2π) + 1/(12e8)
    const x = 1e8;
    expect(logGamma(x) / ((x - 0.5) * Math.log(x) - x + 0.5 * Math.log(2 * Math.PI))).toBeCloseTo(1, 14);
    expect(logGamma(0)).toBe(Number.POSITIVE_INFINITY);
  });

  it('satisfies Γ(x+1) = xΓ(x) across the branches', () => {
    for (const x of [0.01, 0.3, 0.49, 0.51, 2.7, 13.1, 170.5, 5000.25]) {
      expect(logGamma(x + 1) - logGamma(x)).toBeCloseTo(Math.log(x), 11);
    }
  });

  it('logBeta(a, b) = ln(Γ(a)Γ(b)/Γ(a+b))', () => {
    expect(Math.exp(logBeta(2, 3))).toBeCloseTo(1 / 12, 14);
  });
});

describe('digamma', () => {
  it('matches ψ(1) = −γ and ψ(1/2) = −γ − 2 ln 2', () => {
    expect(digamma(1)).toBeCloseTo(-EULER_GAMMA, 13);
    expect(digamma(0.5)).toBeCloseTo(-EULER_GAMMA - 2 * Math.LN2, 13);
  });

  it('is the derivative of logGamma', () => {
    for (const x of [0.05, 0.7, 3.3, 45, 1234.5]) {
      const h = 1e-5 * Math.max(1, x);
      expect(digamma(x)).toBeCloseTo((logGamma(x + h) - logGamma(x - h)) / (2 * h), 6);
    }
  });
});

describe('log-space helpers', () => {
  it('add and subtract exponentials without overflow', () => {
    expect(logAddExp(1000, 1000)).toBeCloseTo(1000 + Math.LN2, 12);
    expect(logAddExp(Number.NEGATIVE_INFINITY, -5)).toBe(-5);
    expect(logSubExp(1000, 1000 + Math.log(0.5) - 0)).toBeCloseTo(1000 + Math.log(0.5), 12);
    expect(logSubExp(3, 3)).toBe(Number.NEGATIVE_INFINITY);
    // e^0 − e^(−1e−12) ≈ 1e−12: needs the expm1 path.
    expect(logSubExp(0, -1e-12)).toBeCloseTo(Math.log(1e-12), 6);
    expect(logSumExp([-1e4, -1e4, -1e4])).toBeCloseTo(-1e4 + Math.log(3), 10);
  });

  it('logistic stays in [0, 1] at extreme arguments', () => {
    expect(inverseOnePlusExp(1000)).toBe(0);
    expect(inverseOnePlusExp(-1000)).toBe(1);
    expect(inverseOnePlusExp(0)).toBe(0.5);
  });

  it('(1 − q^k)/k tends to −ln q at k = 0', () => {
    const logQ = Math.log(0.4);
    expect(oneMinusPowerOverExponent(logQ, 0)).toBeCloseTo(-logQ, 14);
    expect(oneMinusPowerOverExponent(logQ, 1e-9)).toBeCloseTo(-logQ, 8);
    expect(oneMinusPowerOverExponent(logQ, 0.5)).toBeCloseTo((1 - Math.sqrt(0.4)) / 0.5, 14);
  });
});

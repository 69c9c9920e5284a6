import { describe, expect, it } from 'vitest';
import { maximize } from './maximize.js';

describe('maximize', () => {
  it('finds the top of a tilted concave quadratic with numeric gradients', () => {
    const target = [0.3, -1.2, 2];
    const f = (x: Float64Array) => -((x[0]! - target[0]!) ** 2) - 3 * (x[1]! - target[1]!) ** 2 - (x[2]! - target[2]!) ** 2 + 0.5 * (x[0]! - target[0]!) * (x[2]! - target[2]!);
    const result = maximize({ f, starts: [[0, 0, 0]], lower: -10, upper: 10 });
    expect(result.converged).toBe(true);
    result.x.forEach((v, i) => expect(v).toBeCloseTo(target[i]!, 5));
    expect(result.atBound).toEqual([]);
  });

  it('solves the Rosenbrock valley with an analytic gradient', () => {
    const fg = (x: Float64Array, g: Float64Array) => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = -(-2 * (1 - a) - 400 * a * (b - a * a));
      g[1] = -(200 * (b - a * a));
      return -((1 - a) ** 2 + 100 * (b - a * a) ** 2);
    };
    const f = (x: Float64Array) => fg(x, new Float64Array(2));
    const result = maximize({ f, fg, starts: [[-1.2, 1]], lower: -5, upper: 5, maxIterations: 500 });
    expect(result.x[0]).toBeCloseTo(1, 5);
    expect(result.x[1]).toBeCloseTo(1, 5);
  });

  it('reports a coordinate that runs into the box', () => {
    const f = (x: Float64Array) => x[0]! - x[1]! * x[1]!; // increases without bound in x0
    const result = maximize({ f, starts: [[0, 1]], lower: -3, upper: 3 });
    expect(result.atBound).toEqual([0]);
    expect(result.x[0]).toBe(3);
    expect(result.x[1]).toBeCloseTo(0, 5);
  });

  it('survives an objective that is −Infinity or NaN in places', () => {
    const f = (x: Float64Array) => (x[0]! < -1 ? Number.NaN : -((x[0]! - 2) ** 2));
    const result = maximize({ f, starts: [[-0.5]], lower: -10, upper: 10 });
    expect(result.x[0]).toBeCloseTo(2, 5);
    expect(Number.isFinite(result.value)).toBe(true);
  });

  it('stops at double precision when the log-likelihood is huge, without a Nelder–Mead detour', () => {
    // A million customers: |f| ≈ 1.6·10⁷ and steep curvature, so near the top the last digits
    // of f and of the gradient are rounding noise (modelled here by a tiny ripple). The
    // gradient test alone cannot pass there; the fit must still stop after a few dozen
    // evaluations at the right place (it used to run 660).
    const top = [0.05, -2.9, 0.03, 2.3];
    const curvature = [4e6, 9e5, 2e6, 1e4];
    const fg = (x: Float64Array, g: Float64Array) => {
      let q = 0;
      for (let i = 0; i < 4; i++) {
        const d = x[i]! - top[i]!;
        q += curvature[i]! * d * d;
        g[i] = -2 * curvature[i]! * d + 0.3 * Math.sin(1e7 * x[i]! + i);
      }
      return 1.6e7 - q + 2e-8 * Math.sin(1e9 * x[0]!);
    };
    const f = (x: Float64Array) => fg(x, new Float64Array(4));
    const result = maximize({ f, fg, starts: [[0, 0, 0, 0], [1, 1, 1, 1]], lower: -15, upper: 15 });
    expect(result.converged).toBe(true);
    expect(result.restarts).toBe(0);
    expect(result.evaluations).toBeLessThan(80);
    result.x.forEach((v, i) => expect(Math.abs(v - top[i]!)).toBeLessThan(1e-5));
  });
});

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
});

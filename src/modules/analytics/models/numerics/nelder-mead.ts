/**
 * Nelder–Mead simplex maximiser inside a box: the derivative-free fallback used when a
 * quasi-Newton step cannot be computed (non-finite gradient) or makes no progress.
 */
import type { Objective } from './maximize.js';

export type NelderMeadResult = { x: Float64Array; value: number; iterations: number };

export function nelderMead(f: Objective, start: Float64Array, lower: number, upper: number, maxIterations: number): NelderMeadResult {
  const n = start.length;
  const clamp = (x: Float64Array) => {
    for (let i = 0; i < n; i++) x[i] = Math.min(upper, Math.max(lower, x[i]!));
    return x;
  };
  const score = (x: Float64Array) => {
    const v = f(x);
    return Number.isFinite(v) ? v : Number.NEGATIVE_INFINITY;
  };
  const points: Float64Array[] = [clamp(Float64Array.from(start))];
  for (let i = 0; i < n; i++) {
    const p = Float64Array.from(start);
    p[i] = p[i]! + 0.5;
    points.push(clamp(p));
  }
  let values = points.map(score);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    const order = values.map((v, i) => i).sort((a, b) => values[b]! - values[a]!);
    const sorted = order.map((i) => points[i]!);
    values = order.map((i) => values[i]!);
    points.splice(0, points.length, ...sorted);
    const best = values[0]!;
    const worst = values[n]!;
    if (Number.isFinite(worst) && Math.abs(best - worst) <= 1e-12 * (1 + Math.abs(best)) && spread(points) < 1e-9) break;
    const centroid = new Float64Array(n);
    for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] = centroid[i]! + points[k]![i]! / n;
    const along = (t: number) => {
      const p = new Float64Array(n);
      for (let i = 0; i < n; i++) p[i] = centroid[i]! + t * (points[n]![i]! - centroid[i]!);
      return clamp(p);
    };
    const reflected = along(-1);
    const vr = score(reflected);
    if (vr > values[0]!) {
      const expanded = along(-2);
      const ve = score(expanded);
      if (ve > vr) replace(n, expanded, ve);
      else replace(n, reflected, vr);
    } else if (vr > values[n - 1]!) {
      replace(n, reflected, vr);
    } else {
      const contracted = along(vr > worst ? -0.5 : 0.5);
      const vc = score(contracted);
      if (vc > Math.max(vr, worst)) replace(n, contracted, vc);
      else {
        for (let k = 1; k <= n; k++) {
          const p = new Float64Array(n);
          for (let i = 0; i < n; i++) p[i] = points[0]![i]! + 0.5 * (points[k]![i]! - points[0]![i]!);
          points[k] = clamp(p);
          values[k] = score(points[k]!);
        }
      }
    }
  }
  let bestIndex = 0;
  values.forEach((v, i) => {
    if (v > values[bestIndex]!) bestIndex = i;
  });
  return { x: points[bestIndex]!, value: values[bestIndex]!, iterations };

  function replace(k: number, p: Float64Array, v: number): void {
    points[k] = p;
    values[k] = v;
  }
}

function spread(points: Float64Array[]): number {
  let m = 0;
  for (const p of points) for (let i = 0; i < p.length; i++) m = Math.max(m, Math.abs(p[i]! - points[0]![i]!));
  return m;
}

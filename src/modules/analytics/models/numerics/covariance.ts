/**
 * Asymptotic covariance of maximum-likelihood estimates: the inverse of the observed
 * information (minus the Hessian of the log-likelihood), here in log-parameters. A Hessian
 * that is not negative definite means the data do not pin the parameters down (a ridge or
 * a boundary): the caller reports the fit as not identified.
 */
import { numericGradient, type Objective, type ObjectiveWithGradient } from './maximize.js';

/** Returns the covariance matrix (row-major) or null when the information is not positive definite. */
export function logParameterCovariance(f: Objective, fg: ObjectiveWithGradient | undefined, x: Float64Array): Float64Array | null {
  const n = x.length;
  const gradAt = (p: Float64Array, out: Float64Array) => (fg ? fg(p, out) : (numericGradient(f, p, out), 0));
  const info = new Float64Array(n * n);
  const up = new Float64Array(n);
  const down = new Float64Array(n);
  const probe = Float64Array.from(x);
  for (let j = 0; j < n; j++) {
    const h = 1e-4 * Math.max(1, Math.abs(x[j]!));
    probe[j] = x[j]! + h;
    gradAt(probe, up);
    probe[j] = x[j]! - h;
    gradAt(probe, down);
    probe[j] = x[j]!;
    for (let i = 0; i < n; i++) info[i * n + j] = -(up[i]! - down[i]!) / (2 * h);
  }
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < i; j++) {
      const m = (info[i * n + j]! + info[j * n + i]!) / 2;
      info[i * n + j] = m;
      info[j * n + i] = m;
    }
  }
  return invertPositiveDefinite(info, n);
}

/** Cholesky-based inverse; null unless the matrix is symmetric positive definite and well conditioned. */
export function invertPositiveDefinite(m: Float64Array, n: number): Float64Array | null {
  const l = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let s = m[i * n + j]!;
      for (let k = 0; k < j; k++) s -= l[i * n + k]! * l[j * n + k]!;
      if (i === j) {
        if (!(s > 1e-12 * Math.abs(m[i * n + i]!)) || !Number.isFinite(s)) return null;
        l[i * n + i] = Math.sqrt(s);
      } else {
        l[i * n + j] = s / l[j * n + j]!;
      }
    }
  }
  // Solve L Lᵀ X = I column by column.
  const inv = new Float64Array(n * n);
  const y = new Float64Array(n);
  for (let col = 0; col < n; col++) {
    for (let i = 0; i < n; i++) {
      let s = i === col ? 1 : 0;
      for (let k = 0; k < i; k++) s -= l[i * n + k]! * y[k]!;
      y[i] = s / l[i * n + i]!;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = y[i]!;
      for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * inv[k * n + col]!;
      inv[i * n + col] = s / l[i * n + i]!;
    }
  }
  return inv;
}

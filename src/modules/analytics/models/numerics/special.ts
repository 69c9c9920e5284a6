/**
 * Special functions for the customer-base models, written for double precision on the
 * argument ranges the likelihoods use (positive shapes, counts up to millions).
 */

// Lanczos approximation with g = 7 and 9 terms (the widely published coefficient set);
// relative error below 2e-15 for x >= 0.5, which is all the likelihoods need.
const LANCZOS_G = 7;
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/** ln Γ(x) for x > 0 (reflection for 0 < x < 0.5). Returns +Infinity at x <= 0. */
export function logGamma(x: number): number {
  if (!(x > 0)) return Number.POSITIVE_INFINITY;
  if (x < 0.5) {
    // Γ(x)Γ(1−x) = π / sin(πx); sin(πx) > 0 on (0, 0.5).
    return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  }
  if (x > 1e7) {
    // Stirling with two correction terms: exact to double precision this far out.
    return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + 1 / (12 * x) - 1 / (360 * x * x * x);
  }
  const y = x - 1;
  let sum = LANCZOS[0]!;
  for (let i = 1; i < LANCZOS.length; i++) sum += LANCZOS[i]! / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_2PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ln B(a, b) = ln Γ(a) + ln Γ(b) − ln Γ(a + b). */
export function logBeta(a: number, b: number): number {
  return logGamma(a) + logGamma(b) - logGamma(a + b);
}

/** ψ(x) = d/dx ln Γ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series (error < 1e-13). */
export function digamma(x: number): number {
  if (!(x > 0)) return Number.NaN;
  let result = 0;
  let y = x;
  while (y < 10) {
    result -= 1 / y;
    y += 1;
  }
  const inv = 1 / y;
  const inv2 = inv * inv;
  result += Math.log(y) - 0.5 * inv
    - inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132)))));
  return result;
}

/** ln(e^a + e^b) without overflow; either argument may be −Infinity. */
export function logAddExp(a: number, b: number): number {
  if (a === Number.NEGATIVE_INFINITY) return b;
  if (b === Number.NEGATIVE_INFINITY) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}

/** ln(e^a − e^b) for a >= b; −Infinity when they are equal. */
export function logSubExp(a: number, b: number): number {
  if (b === Number.NEGATIVE_INFINITY) return a;
  if (b >= a) return Number.NEGATIVE_INFINITY;
  const d = b - a;
  // log1p(−e^d) loses accuracy when e^d is close to 1; log(−expm1(d)) does not.
  return a + (d > -0.6931 ? Math.log(-Math.expm1(d)) : Math.log1p(-Math.exp(d)));
}

/** ln Σ e^{v_i}. */
export function logSumExp(values: ArrayLike<number>): number {
  let max = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) if (values[i]! > max) max = values[i]!;
  if (max === Number.NEGATIVE_INFINITY || !Number.isFinite(max)) return max;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += Math.exp(values[i]! - max);
  return max + Math.log(sum);
}

/** 1/(1 + e^v) computed without overflow: the logistic of −v. */
export function inverseOnePlusExp(v: number): number {
  if (v > 0) {
    const e = Math.exp(-v);
    return e / (1 + e);
  }
  return 1 / (1 + Math.exp(v));
}

/**
 * (1 − q^k) / k for q in (0, 1], the limit −ln q at k = 0; used where a formula divides by
 * (s − 1) or (a − 1) and the parameter can sit at or near 1.
 */
export function oneMinusPowerOverExponent(logQ: number, k: number): number {
  const kl = k * logQ;
  if (Math.abs(kl) < 1e-8) return -logQ * (1 + kl / 2);
  return -Math.expm1(kl) / k;
}

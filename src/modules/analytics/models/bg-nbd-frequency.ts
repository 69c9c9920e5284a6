/**
 * How many repeat purchases a customer makes in a period of length t under BG/NBD (FHL 2005,
 * eq. 8), and the calibration-period histogram built from it: the expected number of
 * customers with 0, 1, …, "7+" repeat purchases next to the actual counts — the first plot
 * to look at after a fit (FHL fig. 2).
 *
 *   P(X(t) = x) = B(a, b+x)/B(a, b) · Γ(r+x)/(Γ(r) x!) · (α/(α+t))^r · (t/(α+t))^x
 *               + 1{x>0} · B(a+1, b+x−1)/B(a, b) · [1 − (α/(α+t))^r · Σ_{j<x} Γ(r+j)/(Γ(r) j!) · (t/(α+t))^j]
 */
import type { BgNbdParams } from './bg-nbd-likelihood.js';
import { logBeta, logGamma } from './numerics/special.js';

/** P(X(t) = x) for x = 0..maxX (the last entry is P(X(t) >= maxX)). */
export function bgNbdPurchaseCountDistribution(p: BgNbdParams, t: number, maxX: number): number[] {
  const out: number[] = [];
  if (!(t > 0)) return [1, ...new Array<number>(maxX).fill(0)].slice(0, maxX + 1);
  const lnAB = logBeta(p.a, p.b);
  const lnQ = Math.log(p.alpha) - Math.log(p.alpha + t);
  const lnP = Math.log(t) - Math.log(p.alpha + t);
  const lgR = logGamma(p.r);
  let cumulativeNbd = 0; // Σ_{j<x} NBD(j)
  let total = 0;
  for (let x = 0; x < maxX; x++) {
    const lnNbd = logGamma(p.r + x) - lgR - logGamma(x + 1) + p.r * lnQ + x * lnP;
    const nbd = Math.exp(lnNbd);
    let prob = Math.exp(logBeta(p.a, p.b + x) - lnAB) * nbd;
    if (x > 0) prob += Math.exp(logBeta(p.a + 1, p.b + x - 1) - lnAB) * Math.max(0, 1 - cumulativeNbd);
    cumulativeNbd += nbd;
    out.push(prob);
    total += prob;
  }
  out.push(Math.max(0, 1 - total));
  return out;
}

export type FrequencyHistogramRow = { frequency: number; label: string; actual: number; expected: number };

/**
 * Actual vs expected number of customers by calibration repeat purchases. The expectation
 * sums each customer's P(X(T) = x) over their own observation length T.
 */
export function bgNbdFrequencyHistogram(
  p: BgNbdParams,
  customers: Iterable<{ x: number; T: number; count?: number }>,
  lastBucket = 7,
): FrequencyHistogramRow[] {
  const actual = new Array<number>(lastBucket + 1).fill(0);
  const expected = new Array<number>(lastBucket + 1).fill(0);
  const byT = new Map<number, number>();
  for (const c of customers) {
    const n = c.count ?? 1;
    const k = Math.min(c.x, lastBucket);
    actual[k] = actual[k]! + n;
    byT.set(c.T, (byT.get(c.T) ?? 0) + n);
  }
  for (const [T, n] of byT) {
    bgNbdPurchaseCountDistribution(p, T, lastBucket).forEach((prob, k) => {
      expected[k] = expected[k]! + n * prob;
    });
  }
  return actual.map((a, k) => ({ frequency: k, label: k === lastBucket ? `${k}+` : String(k), actual: a, expected: expected[k]! }));
}

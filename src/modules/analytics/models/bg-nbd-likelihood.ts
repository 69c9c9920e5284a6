/**
 * BG/NBD log-likelihood (Fader, Hardie & Lee 2005, "Counting your customers the easy way")
 * and its analytic gradient, over a compressed RFM table. For one customer
 *
 *   L = Γ(r+x) α^r / Γ(r) · B(a, b+x) / B(a, b)
 *       · [ (α+T)^−(r+x) + 1{x>0} · a/(b+x−1) · (α+t_x)^−(r+x) ]
 *
 * computed in logs: the bracket as a log-sum-exp, so neither term underflows however large
 * x or T get. Terms that depend only on x are computed once per distinct x per evaluation;
 * logs of α + time once per distinct time. The per-group loop is a few flops and one
 * exp/log1p.
 */
import type { RfmTable } from './rfm-table.js';
import { digamma, logGamma } from './numerics/special.js';

export type BgNbdParams = { r: number; alpha: number; a: number; b: number };

type Scratch = {
  lnAlphaT: Float64Array;
  invAlphaT: Float64Array;
  perX: Float64Array;
  lnA4: Float64Array;
  dR: Float64Array;
  dA: Float64Array;
  dB: Float64Array;
  dBw: Float64Array;
};

const scratchCache = new WeakMap<RfmTable, Scratch>();

function scratchFor(table: RfmTable): Scratch {
  let s = scratchCache.get(table);
  if (!s) {
    const nt = table.times.length;
    const nx = table.xValues.length;
    s = {
      lnAlphaT: new Float64Array(nt), invAlphaT: new Float64Array(nt), perX: new Float64Array(nx), lnA4: new Float64Array(nx),
      dR: new Float64Array(nx), dA: new Float64Array(nx), dB: new Float64Array(nx), dBw: new Float64Array(nx),
    };
    scratchCache.set(table, s);
  }
  return s;
}

/**
 * Log-likelihood at (r, α, a, b) (α in the table's time unit). When grad is given it
 * receives ∂LL/∂(ln r, ln α, ln a, ln b).
 */
export function bgNbdLogLikelihood(table: RfmTable, p: BgNbdParams, grad?: Float64Array): number {
  const { r, alpha, a, b } = p;
  if (!(r > 0 && alpha > 0 && a > 0 && b > 0)) return Number.NEGATIVE_INFINITY;
  const s = scratchFor(table);
  const times = table.times;
  for (let k = 0; k < times.length; k++) {
    s.lnAlphaT[k] = Math.log(alpha + times[k]!);
    s.invAlphaT[k] = 1 / (alpha + times[k]!);
  }
  const lgR = logGamma(r);
  const lgAB = logGamma(a + b) - logGamma(b);
  const psiR = grad ? digamma(r) : 0;
  const psiAB = grad ? digamma(a + b) : 0;
  const psiB = grad ? digamma(b) : 0;
  const lnAlpha = Math.log(alpha);
  const lnA = Math.log(a);
  let ll = 0;
  let gR = 0;
  let gAlpha = 0;
  let gA = 0;
  let gB = 0;
  for (let j = 0; j < table.xValues.length; j++) {
    const x = table.xValues[j]!;
    const perX = logGamma(r + x) - lgR + r * lnAlpha + lgAB + logGamma(b + x) - logGamma(a + b + x);
    s.perX[j] = perX;
    s.lnA4[j] = x > 0 ? lnA - Math.log(b + x - 1) : Number.NEGATIVE_INFINITY;
    const nx = table.xCounts[j]!;
    ll += nx * perX;
    if (grad) {
      const psiABX = digamma(a + b + x);
      gR += nx * (digamma(r + x) - psiR + lnAlpha);
      gAlpha += nx * (r / alpha);
      gA += nx * (psiAB - psiABX);
      gB += nx * (psiAB - psiB + digamma(b + x) - psiABX);
      s.dBw[j] = x > 0 ? -1 / (b + x - 1) : 0;
    }
  }
  const n = table.n;
  const xs = table.x;
  const xIndex = table.xIndex;
  const tIndex = table.tIndex;
  const txIndex = table.txIndex;
  const lnAT = s.lnAlphaT;
  const invAT = s.invAlphaT;
  const lnA4 = s.lnA4;
  const dBw = s.dBw;
  const invA = 1 / a;
  for (let i = 0; i < table.size; i++) {
    const x = xs[i]!;
    const rx = r + x;
    const ti = tIndex[i]!;
    const u = -rx * lnAT[ti]!;
    const w0 = n[i]!;
    if (x === 0) {
      ll += w0 * u;
      if (grad) {
        gR -= w0 * lnAT[ti]!;
        gAlpha -= w0 * rx * invAT[ti]!;
      }
      continue;
    }
    const xi = xIndex[i]!;
    const si = txIndex[i]!;
    const v = lnA4[xi]! - rx * lnAT[si]!;
    // log(e^u + e^v) and w = e^v / (e^u + e^v), the weight of the "dropped out after t_x" branch.
    let lse: number;
    let w: number;
    if (v > u) {
      const e = Math.exp(u - v);
      lse = v + Math.log1p(e);
      w = 1 / (1 + e);
    } else {
      const e = Math.exp(v - u);
      lse = u + Math.log1p(e);
      w = e / (1 + e);
    }
    ll += w0 * lse;
    if (grad) {
      const om = 1 - w;
      gR -= w0 * (om * lnAT[ti]! + w * lnAT[si]!);
      gAlpha -= w0 * rx * (om * invAT[ti]! + w * invAT[si]!);
      gA += w0 * w * invA;
      gB += w0 * w * dBw[xi]!;
    }
  }
  if (grad) {
    grad[0] = gR * r;
    grad[1] = gAlpha * alpha;
    grad[2] = gA * a;
    grad[3] = gB * b;
  }
  return ll;
}

/**
 * Pareto/NBD log-likelihood (Schmittlein, Morrison & Colombo 1987), in the form of Fader &
 * Hardie's note on its derivation, evaluated in logs. For one customer, with a = r+s+x,
 *
 *   L = Γ(r+x) α^r β^s / Γ(r) · [ (α+T)^−(r+x) (β+T)^−s  +  s/(r+s+x) · A0 ]
 *   A0 = F(t_x) − F(T), where
 *     α ≥ β:  F(t) = 2F1(a, s+1; a+1; (α−β)/(α+t)) / (α+t)^a
 *     α < β:  F(t) = 2F1(a, r+x; a+1; (β−α)/(β+t)) / (β+t)^a
 *
 * Choosing the branch by α vs β keeps the hypergeometric argument in [0, 1), where the
 * series has positive terms (near 1 the connection formula of numerics/hyp2f1.ts takes
 * over). (s/(r+s+x))·A0 equals s·∫_{t_x}^{T} (α+τ)^−(r+x) (β+τ)^−(s+1) dτ:
 * the probability of dying at some τ between the last purchase and T; the tests check the
 * two against each other by quadrature. Everything is summed as log-sum-exp / log-difference,
 * so (α+T)^(r+x) never has to be formed.
 */
import { hyp2f1ShiftedLog } from './numerics/hyp2f1.js';
import { logAddExp, logGamma, logSubExp } from './numerics/special.js';
import type { RfmTable } from './rfm-table.js';
import type { RfmCustomer } from './rfm-degenerate.js';

export type ParetoNbdParams = { r: number; alpha: number; s: number; beta: number };

/** ln F(t) as defined above. */
function logF(p: ParetoNbdParams, x: number, t: number): number {
  const a = p.r + p.s + x;
  if (p.alpha >= p.beta) {
    const h = hyp2f1ShiftedLog(a, p.s + 1, (p.alpha - p.beta) / (p.alpha + t));
    return h.logAbs - a * Math.log(p.alpha + t);
  }
  const h = hyp2f1ShiftedLog(a, p.r + x, (p.beta - p.alpha) / (p.beta + t));
  return h.logAbs - a * Math.log(p.beta + t);
}

/**
 * The two parts of the bracket for one customer, in logs: alive at T, and died in (t_x, T].
 * P(alive) = e^alive / (e^alive + e^died).
 */
export function paretoNbdBranches(p: ParetoNbdParams, c: RfmCustomer, logFAtTx?: number): { alive: number; died: number } {
  const rx = p.r + c.x;
  const alive = -rx * Math.log(p.alpha + c.T) - p.s * Math.log(p.beta + c.T);
  const tx = c.x === 0 ? 0 : c.tx;
  const logA0 = c.T > tx ? logSubExp(logFAtTx ?? logF(p, c.x, tx), logF(p, c.x, c.T)) : Number.NEGATIVE_INFINITY;
  const died = Math.log(p.s) - Math.log(p.r + p.s + c.x) + logA0;
  return { alive, died };
}

/** Log-likelihood over a compressed table (α, β in the table's time unit). */
export function paretoNbdLogLikelihood(table: RfmTable, p: ParetoNbdParams): number {
  const { r, alpha, s, beta } = p;
  if (!(r > 0 && alpha > 0 && s > 0 && beta > 0)) return Number.NEGATIVE_INFINITY;
  const lgR = logGamma(r);
  let ll = table.customers * (r * Math.log(alpha) + s * Math.log(beta));
  for (let j = 0; j < table.xValues.length; j++) {
    ll += table.xCounts[j]! * (logGamma(r + table.xValues[j]!) - lgR);
  }
  const times = table.times;
  // F(0) depends only on x: shared by every customer whose last purchase is at time 0
  // (all customers without repeat purchases), typically half the groups.
  const atZero = new Map<number, number>();
  for (let i = 0; i < table.size; i++) {
    const c = { x: table.x[i]!, tx: times[table.txIndex[i]!]!, T: times[table.tIndex[i]!]! };
    let cached: number | undefined;
    if (c.tx === 0 || c.x === 0) {
      cached = atZero.get(c.x);
      if (cached === undefined) atZero.set(c.x, (cached = logF(p, c.x, 0)));
    }
    const { alive, died } = paretoNbdBranches(p, c, cached);
    ll += table.n[i]! * logAddExp(alive, died);
  }
  return Number.isNaN(ll) ? Number.NEGATIVE_INFINITY : ll;
}

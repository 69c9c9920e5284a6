/**
 * Simulators of each model's generative story (not of its likelihood), for parameter-
 * recovery tests and benchmarks. Times are in whatever unit the parameters use.
 */
import type { BgNbdParams } from './bg-nbd-likelihood.js';
import type { GammaGammaGroup, GammaGammaParams } from './gamma-gamma.js';
import type { ParetoNbdParams } from './pareto-nbd-likelihood.js';
import type { Random } from './numerics/random.js';
import type { RfmGroup } from './rfm-table.js';

export type SimulationOptions = {
  customers: number;
  random: Random;
  /** Observation length of each customer since the first purchase. */
  observation: (random: Random) => number;
  /** Round t_x and T to this grain (e.g. 1 for whole days); purchases are kept in order. */
  grain?: number;
};

/** BG/NBD: Poisson purchases at rate λ ~ Gamma(r, α); after each repeat purchase, drop out with p ~ Beta(a, b). */
export function simulateBgNbd(p: BgNbdParams, o: SimulationOptions): RfmGroup[] {
  const rows: RfmGroup[] = [];
  for (let i = 0; i < o.customers; i++) {
    const T = o.observation(o.random);
    const lambda = o.random.gamma(p.r, p.alpha);
    const dropout = o.random.beta(p.a, p.b);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += o.random.exponential(lambda);
      if (t > T) break;
      x++;
      tx = t;
      if (o.random.uniform() < dropout) break;
    }
    rows.push(round({ x, tx, T }, o.grain));
  }
  return rows;
}

/** Pareto/NBD: Poisson purchases at rate λ ~ Gamma(r, α) during an exponential lifetime with rate μ ~ Gamma(s, β). */
export function simulateParetoNbd(p: ParetoNbdParams, o: SimulationOptions): RfmGroup[] {
  const rows: RfmGroup[] = [];
  for (let i = 0; i < o.customers; i++) {
    const T = o.observation(o.random);
    const lambda = o.random.gamma(p.r, p.alpha);
    const lifetime = o.random.exponential(o.random.gamma(p.s, p.beta));
    const end = Math.min(T, lifetime);
    let t = 0;
    let x = 0;
    let tx = 0;
    for (;;) {
      t += o.random.exponential(lambda);
      if (t > end) break;
      x++;
      tx = t;
    }
    rows.push(round({ x, tx, T }, o.grain));
  }
  return rows;
}

/**
 * Gamma-Gamma: each customer's transaction values are Gamma(p, ν) with ν ~ Gamma(q, γ);
 * repeat counts come from the caller. Returns one group per customer with the mean value.
 */
export function simulateGammaGamma(p: GammaGammaParams, random: Random, counts: ReadonlyArray<number>): GammaGammaGroup[] {
  return counts.map((x) => {
    const nu = random.gamma(p.q, p.gamma);
    let sum = 0;
    for (let k = 0; k < x; k++) sum += random.gamma(p.p, nu);
    return { x, zbar: sum / x };
  });
}

/** sBG: each customer has churn probability θ ~ Beta(α, β) per period; returns customers alive at the start and after each period. */
export function simulateSbg(p: { alpha: number; beta: number }, random: Random, customers: number, periods: number): number[] {
  const alive = new Array<number>(periods + 1).fill(0);
  for (let i = 0; i < customers; i++) {
    const theta = random.beta(p.alpha, p.beta);
    alive[0]!++;
    for (let t = 1; t <= periods; t++) {
      if (random.uniform() < theta) break;
      alive[t]!++;
    }
  }
  return alive;
}

function round(row: RfmGroup, grain: number | undefined): RfmGroup {
  if (!grain) return row;
  const T = Math.round(row.T / grain) * grain;
  return { x: row.x, tx: Math.min(T, Math.round(row.tx / grain) * grain), T };
}

/**
 * Seeded pseudo-random numbers for simulations (tests and benchmarks): xoshiro128** seeded
 * through splitmix32, with the samplers the generative stories of the models need.
 */
export type Random = {
  /** Uniform on (0, 1), never exactly 0 or 1. */
  uniform(): number;
  normal(): number;
  exponential(rate: number): number;
  /** Gamma with shape k and rate (mean k / rate). */
  gamma(shape: number, rate: number): number;
  beta(a: number, b: number): number;
  poisson(mean: number): number;
};

export function seededRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next = () => {
    const result = Math.imul(rotl(Math.imul(b, 5) >>> 0, 7), 9) >>> 0;
    const t = (b << 9) >>> 0;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  // 53 random bits from two draws, shifted off 0.
  const uniform = () => ((next() >>> 5) * 67108864 + (next() >>> 6) + 0.5) / 9007199254740992;
  const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
  const gamma = (shape: number, rate: number): number => {
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k+1) · U^(1/k); done in logs so tiny shapes do not underflow to 0 early.
      const g = gamma(shape + 1, 1);
      return Math.exp(Math.log(g) + Math.log(uniform()) / shape) / rate;
    }
    // Marsaglia & Tsang (2000) squeeze method.
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = uniform();
      if (Math.log(u) < 0.5 * x * x + dd - dd * v + dd * Math.log(v)) return (dd * v) / rate;
    }
  };
  return {
    uniform,
    normal,
    exponential: (rate) => -Math.log(uniform()) / rate,
    gamma,
    beta: (pa, pb) => {
      const x = gamma(pa, 1);
      const y = gamma(pb, 1);
      return x / (x + y);
    },
    poisson: (mean) => {
      // Counting exponential gaps: exact, and the means used in simulations are small.
      let k = 0;
      let t = -Math.log(uniform());
      while (t < mean) {
        k++;
        t -= Math.log(uniform());
      }
      return k;
    },
  };
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

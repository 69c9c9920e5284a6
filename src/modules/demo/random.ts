/**
 * Seeded randomness for the demo data. Everything here is deterministic: the same seed
 * gives the same numbers on every machine and Node version (only 32-bit integer maths
 * and one division), so demo data, its ids and the tests built on it are reproducible.
 */

/** 32-bit finaliser of MurmurHash3: spreads nearby inputs (seed, index) far apart. */
function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Derives an independent stream seed from a seed and any number of integers. */
export function mixSeed(seed: number, ...parts: number[]): number {
  let h = fmix32(seed ^ 0x9e3779b9);
  for (const part of parts) h = fmix32(h ^ Math.imul(part | 0, 0x27d4eb2d) ^ Math.floor(part / 2 ** 32));
  return h;
}

/** mulberry32: tiny, fast, and good enough for synthetic data (period 2^32 per stream). */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Restarts the stream, so one object can serve many customers without allocating. */
  reseed(seed: number): this {
    this.state = seed >>> 0;
    return this;
  }

  uint32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.uint32() / 4294967296;
  }

  /** Uniform integer in [min, max], both included. */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Standard normal (Box–Muller; one value per call keeps the stream simple). */
  normal(): number {
    const u = 1 - this.next();
    const v = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }

  logNormal(mu: number, sigma: number): number {
    return Math.exp(mu + sigma * this.normal());
  }

  /** Poisson-distributed count (Knuth for small means, rounded normal for large). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    if (mean > 40) return Math.max(0, Math.round(mean + Math.sqrt(mean) * this.normal()));
    const limit = Math.exp(-mean);
    let product = this.next();
    let count = 0;
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  /** Picks k distinct indexes in [0, n) (k small). */
  sampleIndexes(n: number, k: number): number[] {
    const chosen: number[] = [];
    while (chosen.length < Math.min(k, n)) {
      const index = Math.floor(this.next() * n);
      if (!chosen.includes(index)) chosen.push(index);
    }
    return chosen;
  }
}

/** A fixed set of choices with weights, sampled in O(log n). */
export class Weighted<T> {
  readonly items: readonly T[];
  private readonly cumulative: Float64Array;
  private readonly total: number;

  constructor(entries: readonly (readonly [T, number])[]) {
    this.items = entries.map(([item]) => item);
    this.cumulative = new Float64Array(entries.length);
    let sum = 0;
    entries.forEach(([, weight], index) => {
      sum += weight;
      this.cumulative[index] = sum;
    });
    this.total = sum;
  }

  pick(rng: Rng): T {
    const target = rng.next() * this.total;
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle]! > target) high = middle;
      else low = middle + 1;
    }
    return this.items[low]!;
  }
}

const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));

/**
 * A UUID version 7 (RFC 9562) whose random bits come from the seeded stream, so demo
 * ids are identical across runs while keeping v7's time order (B-tree friendly).
 */
export function seededUuidV7(rng: Rng, millis: number): string {
  const high = Math.floor(millis / 2 ** 16);
  const low = millis % 2 ** 16;
  const a = rng.uint32();
  const b = rng.uint32();
  const c = rng.uint32();
  return (
    HEX[(high >>> 24) & 0xff]! +
    HEX[(high >>> 16) & 0xff]! +
    HEX[(high >>> 8) & 0xff]! +
    HEX[high & 0xff]! +
    '-' +
    HEX[(low >>> 8) & 0xff]! +
    HEX[low & 0xff]! +
    '-' +
    HEX[0x70 | ((a >>> 8) & 0x0f)]! +
    HEX[a & 0xff]! +
    '-' +
    HEX[0x80 | ((a >>> 16) & 0x3f)]! +
    HEX[(a >>> 24) & 0xff]! +
    '-' +
    HEX[(b >>> 24) & 0xff]! +
    HEX[(b >>> 16) & 0xff]! +
    HEX[(b >>> 8) & 0xff]! +
    HEX[b & 0xff]! +
    HEX[(c >>> 24) & 0xff]! +
    HEX[(c >>> 16) & 0xff]!
  );
}

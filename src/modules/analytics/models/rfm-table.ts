/**
 * Compressed sufficient statistics for the purchase-count models (BG/NBD, Pareto/NBD).
 * Both likelihoods depend on a customer only through (x, t_x, T): repeat purchases, time of
 * the last purchase and length of observation, all counted from the first purchase. Customers
 * with the same triple are one group with a count, so the work per likelihood evaluation
 * grows with the number of distinct triples, not with the number of customers.
 */
import { fieldError } from '../../../shared/errors.js';

export type RfmGroup = {
  /** Repeat purchases (purchases after the first), an integer >= 0. */
  x: number;
  /** Time of the last purchase since the first (0 when x = 0). */
  tx: number;
  /** Time from the first purchase to the end of observation; T >= tx. */
  T: number;
  /** Customers with this triple (default 1). */
  count?: number;
};

/** Columnar, deduplicated form with index arrays into the distinct x values and times. */
export type RfmTable = {
  size: number;
  x: Float64Array;
  n: Float64Array;
  xIndex: Int32Array;
  txIndex: Int32Array;
  tIndex: Int32Array;
  xValues: Float64Array;
  /** Customers per distinct x value. */
  xCounts: Float64Array;
  /** Distinct times (t_x and T values share one list), already divided by timeScale. */
  times: Float64Array;
  timeScale: number;
  customers: number;
  repeatPurchases: number;
  observedTime: number;
};

/** Checks one group; throws a ValidationError naming the field and the reason. */
export function validateRfmGroup(row: RfmGroup, i: number): void {
  // Hot path (a million groups): plain comparisons, no closure made per row.
  const count = row.count ?? 1;
  if (Number.isInteger(row.x) && row.x >= 0 && Number.isFinite(row.T) && row.T >= 0
    && Number.isFinite(row.tx) && row.tx >= 0 && row.tx <= row.T * (1 + 1e-12) && Number.isFinite(count) && count >= 0) return;
  const path = (field: string) => `rows[${i}].${field}`;
  if (!Number.isInteger(row.x) || row.x < 0) {
    throw fieldError(path('x'), 'invalid_frequency', {
      'zh-CN': '重复购买次数必须是不小于 0 的整数', 'en-US': 'repeat purchases must be an integer >= 0' });
  }
  if (!Number.isFinite(row.T) || row.T < 0) {
    throw fieldError(path('T'), 'invalid_age', { 'zh-CN': '观察期长度必须是不小于 0 的数', 'en-US': 'T must be a number >= 0' });
  }
  if (!Number.isFinite(row.tx) || row.tx < 0 || row.tx > row.T * (1 + 1e-12)) {
    throw fieldError(path('tx'), 'invalid_recency', {
      'zh-CN': '最后一次购买时间必须在 0 与观察期长度 T 之间', 'en-US': 't_x must lie between 0 and T' });
  }
  throw fieldError(path('count'), 'invalid_count', { 'zh-CN': '客户数必须是不小于 0 的数', 'en-US': 'count must be a number >= 0' });
}

/** Groups customers with equal (x, t_x, T); counts add up. Validates every row. */
export function compressRfm(rows: ReadonlyArray<RfmGroup>): RfmGroup[] {
  rows.forEach(validateRfmGroup);
  return mergeDuplicates(rows);
}

/**
 * Builds the columnar table. Times are divided by timeScale so the fitted scale parameters
 * (α, β) sit near 1 whatever the unit (days, weeks); models multiply them back.
 * Rows with a zero count are dropped; rows with the same triple are merged (counts add).
 */
export function buildRfmTable(rows: ReadonlyArray<RfmGroup>, timeScale = 1): RfmTable {
  const timeSlots = new SlotIndex();
  const times: number[] = [];
  const xSlots = new SlotIndex();
  const xValues: number[] = [];
  const xCounts: number[] = [];
  const cap = rows.length;
  const groupOf = new TripleIndex(cap);
  const x = new Float64Array(cap);
  const n = new Float64Array(cap);
  const xIndex = new Int32Array(cap);
  const txIndex = new Int32Array(cap);
  const tIndex = new Int32Array(cap);
  let size = 0;
  let customers = 0;
  let repeatPurchases = 0;
  let observedTime = 0;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    validateRfmGroup(row, i);
    const count = row.count ?? 1;
    if (!(count > 0)) continue;
    let xi = xSlots.get(row.x);
    if (xi < 0) {
      xi = xValues.length;
      xSlots.set(row.x, xi);
      xValues.push(row.x);
      xCounts.push(0);
    }
    const si = timeSlots.slotOf(row.x === 0 ? 0 : row.tx, times, timeScale);
    const ti = timeSlots.slotOf(row.T, times, timeScale);
    let g = groupOf.find(xi, si, ti, xIndex, txIndex, tIndex);
    if (g < 0) {
      g = size++;
      groupOf.add(xi, si, ti, g);
      x[g] = row.x;
      xIndex[g] = xi;
      txIndex[g] = si;
      tIndex[g] = ti;
    }
    n[g] = n[g]! + count;
    xCounts[xi] = xCounts[xi]! + count;
    customers += count;
    repeatPurchases += count * row.x;
    observedTime += count * row.T;
  }
  return {
    size, x: x.slice(0, size), n: n.slice(0, size), xIndex: xIndex.slice(0, size), txIndex: txIndex.slice(0, size),
    tIndex: tIndex.slice(0, size), xValues: Float64Array.from(xValues), xCounts: Float64Array.from(xCounts),
    times: Float64Array.from(times), timeScale, customers, repeatPurchases, observedTime,
  };
}

/**
 * Slot number per value: a typed-array lookup for whole numbers below 2^22 (days and
 * counts, the usual case), a Map for anything else. At a million groups the Map alone took
 * about a second of a two-second fit.
 */
class SlotIndex {
  private dense = new Int32Array(1024).fill(-1);
  private readonly other = new Map<number, number>();

  get(value: number): number {
    if (isSmallWhole(value)) return value < this.dense.length ? this.dense[value]! : -1;
    return this.other.get(value) ?? -1;
  }

  /** The value's slot; a new one (its time divided by timeScale appended to times) when first seen. */
  slotOf(value: number, times: number[], timeScale: number): number {
    let k = this.get(value);
    if (k < 0) {
      k = times.length;
      this.set(value, k);
      times.push(value / timeScale);
    }
    return k;
  }

  set(value: number, slot: number): void {
    if (!isSmallWhole(value)) {
      this.other.set(value, slot);
      return;
    }
    if (value >= this.dense.length) {
      const grown = new Int32Array(Math.max(value + 1, this.dense.length * 2)).fill(-1);
      grown.set(this.dense);
      this.dense = grown;
    }
    this.dense[value] = slot;
  }
}

const isSmallWhole = (value: number) => Number.isInteger(value) && value >= 0 && value < 4_194_304;

/** Open-addressing hash of (x slot, t_x slot, T slot) → group, on typed arrays (no key objects). */
class TripleIndex {
  private readonly slots: Int32Array;
  private readonly mask: number;

  constructor(rows: number) {
    let capacity = 16;
    while (capacity < rows * 2) capacity *= 2;
    this.slots = new Int32Array(capacity);
    this.mask = capacity - 1;
  }

  private start(xi: number, si: number, ti: number): number {
    let h = Math.imul(xi, 0x9e3779b1) ^ Math.imul(si, 0x85ebca77) ^ Math.imul(ti, 0xc2b2ae3d);
    h ^= h >>> 15;
    h = Math.imul(h, 0x2c1b3c6d);
    h ^= h >>> 12;
    return h & this.mask;
  }

  /** The group with these slots, or −1. Slots hold group + 1 (0 = empty). */
  find(xi: number, si: number, ti: number, xIndex: Int32Array, txIndex: Int32Array, tIndex: Int32Array): number {
    for (let k = this.start(xi, si, ti); ; k = (k + 1) & this.mask) {
      const g = this.slots[k]! - 1;
      if (g < 0) return -1;
      if (xIndex[g] === xi && txIndex[g] === si && tIndex[g] === ti) return g;
    }
  }

  add(xi: number, si: number, ti: number, group: number): void {
    let k = this.start(xi, si, ti);
    while (this.slots[k] !== 0) k = (k + 1) & this.mask;
    this.slots[k] = group + 1;
  }
}

/** Adds up the counts of rows with the same triple (numeric keys: no string building per row). */
function mergeDuplicates(rows: ReadonlyArray<RfmGroup>): RfmGroup[] {
  const byTriple = new Map<number, Map<number, Map<number, RfmGroup>>>();
  const out: RfmGroup[] = [];
  for (const row of rows) {
    const tx = row.x === 0 ? 0 : row.tx;
    let byTx = byTriple.get(row.x);
    if (!byTx) byTriple.set(row.x, (byTx = new Map()));
    let byT = byTx.get(tx);
    if (!byT) byTx.set(tx, (byT = new Map()));
    const found = byT.get(row.T);
    if (found) found.count = (found.count ?? 1) + (row.count ?? 1);
    else {
      const group = { x: row.x, tx, T: row.T, count: row.count ?? 1 };
      byT.set(row.T, group);
      out.push(group);
    }
  }
  return out;
}

/** Customer-weighted mean of T, used as the time unit inside the fit (1 when there is no time). */
export function meanObservationTime(rows: ReadonlyArray<RfmGroup>): number {
  let weight = 0;
  let sum = 0;
  for (const row of rows) {
    const c = row.count ?? 1;
    if (!(c > 0) || !Number.isFinite(row.T)) continue;
    weight += c;
    sum += c * row.T;
  }
  const mean = weight > 0 ? sum / weight : 0;
  return mean > 0 && Number.isFinite(mean) ? mean : 1;
}

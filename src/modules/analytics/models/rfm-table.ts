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
  const count = row.count ?? 1;
  if (!Number.isFinite(count) || count < 0) {
    throw fieldError(path('count'), 'invalid_count', { 'zh-CN': '客户数必须是不小于 0 的数', 'en-US': 'count must be a number >= 0' });
  }
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
  const timeIndex = new Map<number, number>();
  const times: number[] = [];
  const xIndexOf = new Map<number, number>();
  const xValues: number[] = [];
  const xCounts: number[] = [];
  // Group index by (x, t_x, T) slot numbers: one numeric key while it fits in 53 bits.
  const groupOf = new Map<number | string, number>();
  const cap = rows.length;
  const x = new Float64Array(cap);
  const n = new Float64Array(cap);
  const xIndex = new Int32Array(cap);
  const txIndex = new Int32Array(cap);
  const tIndex = new Int32Array(cap);
  let size = 0;
  let customers = 0;
  let repeatPurchases = 0;
  let observedTime = 0;
  const timeSlot = (t: number) => {
    let k = timeIndex.get(t);
    if (k === undefined) {
      k = times.length;
      timeIndex.set(t, k);
      times.push(t / timeScale);
    }
    return k;
  };
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i]!;
    validateRfmGroup(row, i);
    const count = row.count ?? 1;
    if (!(count > 0)) continue;
    let xi = xIndexOf.get(row.x);
    if (xi === undefined) {
      xi = xValues.length;
      xIndexOf.set(row.x, xi);
      xValues.push(row.x);
      xCounts.push(0);
    }
    const si = timeSlot(row.x === 0 ? 0 : row.tx);
    const ti = timeSlot(row.T);
    const key = xi < 8192 && si < 1048576 && ti < 1048576 ? (xi * 1048576 + si) * 1048576 + ti : `${xi}|${si}|${ti}`;
    let g = groupOf.get(key);
    if (g === undefined) {
      g = size++;
      groupOf.set(key, g);
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

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { systemActor, type Actor } from '../users/actor.js';
import { acquisitionCohorts } from './acquisition-cohorts.js';
import { summarizeCustomers } from './customer-summaries.js';
import { rfmSegments } from './rfm-segments.js';
import { valueConcentration } from './value-concentration.js';

/**
 * The analyses on the CDNOW sample (2,357 customers, 6,919 purchases, 1997-01 to 1998-06),
 * checked against the published summary of the data set and against straightforward
 * re-computations written here in plain TypeScript, independently of the SQL.
 */
const CDNOW = join(process.cwd(), '..', 'shared', 'data', 'cdnow');
type Purchase = { customer: number; day: string; cents: number };

const purchases: Purchase[] = readFileSync(join(CDNOW, 'CDNOW_sample.txt'), 'utf8')
  .split(/\r?\n/)
  .filter((line) => line.trim())
  .map((line) => {
    const [, sampleId, date, , dollars] = line.trim().split(/\s+/);
    return { customer: Number(sampleId), day: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`, cents: Math.round(Number(dollars) * 100) };
  });
const customerIds = [...new Set(purchases.map((purchase) => purchase.customer))];
const uuidOf = (customer: number): string => `00000000-0000-4000-8000-${String(customer).padStart(12, '0')}`;
const STAFF_ID = '00000000-0000-4000-8000-99999999999a';
const staff: Actor = { userId: STAFF_ID, role: 'staff', regions: [] };

/** The goods cost of each order in this fixture: half its amount, rounded down to a cent. */
const costCents = (cents: number): number => Math.floor(cents / 2);

function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
}

/** Per customer: purchase days (net positive) and revenue, from the raw lines, before asOf. */
function expectedSummaries(asOf: string) {
  const byCustomer = new Map<number, Map<string, number>>();
  for (const purchase of purchases) {
    if (purchase.day >= asOf) continue;
    const days = byCustomer.get(purchase.customer) ?? new Map<string, number>();
    days.set(purchase.day, (days.get(purchase.day) ?? 0) + purchase.cents);
    byCustomer.set(purchase.customer, days);
  }
  const lastCounted = new Date(Date.parse(asOf) - 86_400_000).toISOString().slice(0, 10);
  const result = new Map<number, { frequency: number; recencyDays: number; tenureDays: number; revenueCents: number; lastDay: string; orders: number }>();
  for (const [customer, days] of byCustomer) {
    // CDNOW has no refunds: every line, even a $0 one, is a purchase.
    const buying = [...days.keys()].sort();
    if (buying.length === 0) continue;
    const orders = purchases.filter((p) => p.customer === customer && p.day < asOf).length;
    result.set(customer, {
      frequency: buying.length - 1,
      recencyDays: daysBetween(buying[0]!, buying.at(-1)!),
      tenureDays: daysBetween(buying[0]!, lastCounted),
      revenueCents: [...days.values()].reduce((sum, cents) => sum + cents, 0),
      lastDay: buying.at(-1)!,
      orders,
    });
  }
  return result;
}

describe.each(testEngines())('retention analytics on %s', (engine) => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await database.raw.query(`INSERT INTO users (id, username, display_name, password_hash, role) VALUES ($1, 'cdnow-staff', 'CDNOW staff', 'x', 'staff')`, [STAFF_ID]);
    // Every third customer belongs to the staff member; the others have no owner.
    const customers = customerIds.map((customer) => `${uuidOf(customer)},CDNOW ${customer},cdnow ${customer},${customer % 3 === 0 ? STAFF_ID : ''}\n`).join('');
    await database.raw.copyFromCsv('COPY customers (id, name, name_sort, owner_id) FROM STDIN WITH (FORMAT csv)', customers);
    // Purchases at noon Shanghai time, so the company-local day is the file's day.
    const orders = purchases
      .map((purchase, index) => `00000000-0000-4000-9000-${String(index).padStart(12, '0')},${uuidOf(purchase.customer)},${purchase.day} 12:00:00+08,${(purchase.cents / 100).toFixed(2)},${(costCents(purchase.cents) / 100).toFixed(2)}\n`)
      .join('');
    await database.raw.copyFromCsv('COPY orders (id, customer_id, ordered_at, amount, cost) FROM STDIN WITH (FORMAT csv)', orders);
    await database.raw.exec('ANALYZE customers, orders');
  });
  afterAll(() => database.close());

  it('summarises a 39-week calibration exactly as the published CDNOW summary', async () => {
    const summaries = await summarizeCustomers(database.db, systemActor, { asOf: '1997-10-01', customerIds: customerIds.map(uuidOf) });
    const published = readFileSync(join(CDNOW, 'cdnow_customers_summary.csv'), 'utf8').trim().split(/\r?\n/).slice(1);
    expect(published.length).toBe(2357);
    const mismatches: string[] = [];
    for (const line of published) {
      const [id, frequency, recency, tenure] = line.split(',').map(Number) as [number, number, number, number];
      const summary = summaries.get(uuidOf(id));
      const weeks = (days: number | undefined) => (days === undefined ? NaN : Math.round((days / 7) * 100) / 100);
      if (summary?.frequency !== frequency || weeks(summary.recencyDays) !== recency || weeks(summary.tenureDays) !== tenure) {
        mismatches.push(`${id}: published ${frequency}/${recency}/${tenure}, got ${summary?.frequency}/${weeks(summary?.recencyDays)}/${weeks(summary?.tenureDays)}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it('summarises revenue, margin and repeat value per customer like a plain re-computation', async () => {
    const asOf = '1998-07-01';
    const expected = expectedSummaries(asOf);
    const summaries = await summarizeCustomers(database.db, systemActor, { asOf, customerIds: customerIds.map(uuidOf) });
    expect(summaries.size).toBe(expected.size);
    for (const [customer, want] of expected) {
      const got = summaries.get(uuidOf(customer))!;
      expect({ f: got.frequency, r: got.recencyDays, t: got.tenureDays, revenue: Math.round(Number(got.revenue) * 100), orders: got.orders }, `customer ${customer}`).toEqual({
        f: want.frequency, r: want.recencyDays, t: want.tenureDays, revenue: want.revenueCents, orders: want.orders,
      });
      // Nothing was invested in these customers: margin = revenue − cost.
      expect(Number(got.margin)).toBeCloseTo(Number(got.revenue) - Number(got.cost), 2);
    }
    const first = summaries.get(uuidOf(1))!; // 1997-01-01 29.33, 01-18 29.73, 08-02 14.96, 12-12 26.48
    expect(first.repeatValue).toBe('23.72');
    expect(first.averageOrderValue).toBe('25.13');
  });

  it('scores RFM by rank with ties kept together and names the segments', async () => {
    const asOf = '1998-07-01';
    const result = await rfmSegments(database.db, systemActor, { asOf, lostAfterDays: 3650 });
    const expected = expectedSummaries(asOf);
    const n = expected.size;
    expect(result.buyers).toBe(n);
    // Independent scoring: score = 1 + ⌊5·(number of customers strictly below)/n⌋.
    const values = [...expected.values()];
    const score = (pick: (v: (typeof values)[number]) => number | string, value: number | string) =>
      Math.min(5, 1 + Math.floor((5 * values.filter((other) => pick(other) < value).length) / n));
    const scored = values.map((v) => ({ r: score((o) => o.lastDay, v.lastDay), f: score((o) => o.orders, v.orders), m: score((o) => o.revenueCents, v.revenueCents), v }));
    const mean = (pick: (s: (typeof scored)[number]) => number) => scored.reduce((sum, s) => sum + pick(s), 0) / n;
    const [meanR, meanF, meanM] = [mean((s) => s.r), mean((s) => s.f), mean((s) => s.m)];
    const counts = new Map<string, number>();
    for (const s of scored) {
      const key = `${s.m > meanM ? 'important' : 'general'}_${s.r > meanR ? (s.f > meanF ? 'value' : 'develop') : s.f > meanF ? 'keep' : 'retain'}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    for (const segment of result.segments) expect(segment.customers, segment.key).toBe(counts.get(segment.key) ?? 0);
    expect(result.segments.find((segment) => segment.key === 'important_value')!.label['zh-CN']).toBe('重要价值客户');
    const heat = result.heatmap.reduce((sum, cell) => sum + cell.customers, 0);
    expect(heat).toBe(n);
    // Most CDNOW customers bought once: they all share F = 1 instead of being split by ntile.
    const once = values.filter((v) => v.orders === 1).length;
    expect(result.heatmap.filter((cell) => cell.f === 1).reduce((sum, cell) => sum + cell.customers, 0)).toBe(once);
  });

  it('marks customers silent for longer than lostAfterDays as lost', async () => {
    const asOf = '1998-07-01';
    const result = await rfmSegments(database.db, systemActor, { asOf, lostAfterDays: 180 });
    const silent = [...expectedSummaries(asOf).values()].filter((v) => daysBetween(v.lastDay, '1998-06-30') > 180).length;
    expect(result.segments.find((segment) => segment.key === 'lost')!.customers).toBe(silent);
  });

  it('measures concentration: Gini, top 20% shares and the whale curve', async () => {
    const asOf = '1998-07-01';
    const result = await valueConcentration(database.db, systemActor, { asOf });
    const revenue = [...expectedSummaries(asOf).values()].map((v) => Math.max(0, v.revenueCents)).sort((a, b) => a - b);
    const n = revenue.length;
    const total = revenue.reduce((sum, cents) => sum + cents, 0);
    const gini = (2 * revenue.reduce((sum, cents, i) => sum + (i + 1) * cents, 0)) / (n * total) - (n + 1) / n;
    expect(result.gini).toBeCloseTo(gini, 6);
    const top = Math.ceil(n * 0.2);
    expect(result.top20RevenueShare).toBeCloseTo(revenue.slice(n - top).reduce((sum, cents) => sum + cents, 0) / total, 6);
    const profits = new Map<number, number>();
    for (const purchase of purchases) {
      if (purchase.day < asOf) profits.set(purchase.customer, (profits.get(purchase.customer) ?? 0) + purchase.cents - costCents(purchase.cents));
    }
    const byProfit = [...profits.values()].sort((a, b) => b - a);
    const totalProfit = byProfit.reduce((sum, cents) => sum + cents, 0);
    expect(result.top20ProfitShare).toBeCloseTo(byProfit.slice(0, top).reduce((sum, cents) => sum + cents, 0) / totalProfit, 6);
    expect(Number(result.profit)).toBeCloseTo(totalProfit / 100, 2);
    expect(result.lorenz[0]).toEqual({ customerShare: 0, valueShare: 0 });
    expect(result.lorenz.at(-1)).toEqual({ customerShare: 1, valueShare: 1 });
    // Without unprofitable customers the whale curve peaks at its end: nothing destroyed.
    expect(Number(result.destroyed)).toBe(0);
    expect(result.tiers.map((tier) => tier.customers)).toEqual([top, n - 2 * top, top]);
  });

  it('shows unprofitable customers destroying profit on the whale curve', async () => {
    // A customer who cost more than they brought: a gift worth far more than their orders.
    await database.raw.query(`INSERT INTO investments (id, customer_id, kind, occurred_at, cost) VALUES ('00000000-0000-4000-a000-000000000001', $1, 'gift', '1998-01-01', 5000)`, [uuidOf(1)]);
    try {
      const result = await valueConcentration(database.db, systemActor, { asOf: '1998-07-01' });
      expect(Number(result.destroyed)).toBeGreaterThan(4900);
      expect(result.whalePeak!.profitShare).toBeGreaterThan(1);
      expect(result.tiers.find((tier) => tier.tier === 'bottom')!.minProfit!.startsWith('-')).toBe(true);
    } finally {
      await database.raw.query(`DELETE FROM investments WHERE customer_id = $1`, [uuidOf(1)]);
    }
  });

  it('builds monthly acquisition cohorts with retention and revenue', async () => {
    const result = await acquisitionCohorts(database.db, systemActor, { asOf: '1998-07-01', months: 18 });
    // CDNOW customers were all acquired in the first quarter of 1997.
    expect(result.cohorts.map((cohort) => cohort.month)).toEqual(['1997-01', '1997-02', '1997-03']);
    for (const cohort of result.cohorts) {
      const members = new Set(customerIds.filter((customer) => purchases.filter((p) => p.customer === customer).map((p) => p.day).sort()[0]!.startsWith(cohort.month)));
      expect(cohort.size).toBe(members.size);
      expect(cohort.cells[0]!.active).toBe(members.size);
      expect(cohort.cells.at(-1)!.monthsSince).toBe(daysBetween(`${cohort.month}-01`, '1998-06-01') > 0 ? (1998 - 1997) * 12 + 6 - Number(cohort.month.slice(5)) : 0);
      for (const cell of cohort.cells) {
        const month = new Date(Date.UTC(1997, Number(cohort.month.slice(5)) - 1 + cell.monthsSince, 1)).toISOString().slice(0, 7);
        const active = new Set(purchases.filter((p) => members.has(p.customer) && p.day.startsWith(month)).map((p) => p.customer));
        expect(cell.active, `${cohort.month} +${cell.monthsSince}`).toBe(active.size);
      }
    }
  });

  it('limits every analysis to the customers a staff member may see', async () => {
    const asOf = '1998-07-01';
    const visible = [...expectedSummaries(asOf).keys()].filter((customer) => customer % 3 === 0).length;
    expect((await rfmSegments(database.db, staff, { asOf })).buyers).toBe(visible);
    expect((await valueConcentration(database.db, staff, { asOf })).buyers).toBe(visible);
    const summaries = await summarizeCustomers(database.db, staff, { asOf, customerIds: [uuidOf(1), uuidOf(3)] });
    expect([...summaries.keys()]).toEqual([uuidOf(3)]);
  });

  it('refuses a malformed date, naming the field', async () => {
    await expect(rfmSegments(database.db, systemActor, { asOf: '1998-13-01' })).rejects.toMatchObject({ status: 400 });
  });
});

import { readFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../src/db/test-support.js';
import { summarizeCustomers, type CustomerSummary } from '../src/modules/analytics/customer-summaries.js';
import { createImportJob } from '../src/modules/imports/create-import-job.js';
import { fileFacts } from '../src/modules/imports/file-facts.js';
import { runOrderImport } from '../src/modules/imports/import-orders.js';
import { openOrderSource } from '../src/modules/imports/open-import-source.js';
import { systemActor } from '../src/modules/users/actor.js';

/**
 * Acceptance: real transaction files imported THROUGH the product's order import give the
 * customer summaries that an independent reduction of the raw file (written here, sharing no
 * code with the product) gives, for every customer and every field.
 *
 * The reduction applies the rules the docs state (docs/import-formats.md, docs/analytics.md):
 * a line item's amount is quantity × unit price rounded half away from zero to cents; lines
 * of one invoice and customer are one order, at its earliest time; an amount of exactly zero
 * is a real order (a free sample) and a purchase day; a line without a customer id is refused
 * (customer_missing);
 * times are read in the company's time zone, so the order's day is the date as written; a
 * purchase day has an order that is not a refund; frequency = purchase days − 1, etc.
 */
const DATA = join(process.cwd(), '..', 'shared', 'data');
const dir = mkdtempSync(join(tmpdir(), 'weixi-analytics-import-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type RawOrder = { customer: string; day: string; cents: bigint };
type Expected = Omit<CustomerSummary, 'customerId' | 'cost' | 'costToServe'>;

const DAY = 86_400_000;
const days = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);
const money = (cents: bigint) => {
  const sign = cents < 0n ? '-' : '';
  const abs = (cents < 0n ? -cents : cents).toString().padStart(3, '0');
  return `${sign}${abs.slice(0, -2)}.${abs.slice(-2)}`;
};
/** a / b rounded half away from zero (what PostgreSQL's round(numeric, 2) does with cents). */
function divideRounded(a: bigint, b: bigint): bigint {
  const negative = (a < 0n) !== (b < 0n);
  const [x, y] = [a < 0n ? -a : a, b < 0n ? -b : b];
  const q = (2n * x + y) / (2n * y);
  return negative ? -q : q;
}

/** The summaries by hand: one pass over orders grouped by customer and day. */
function reduce(orders: RawOrder[], asOf: string): Map<string, Expected> {
  const lastCounted = new Date(Date.parse(asOf) - DAY).toISOString().slice(0, 10);
  const byCustomer = new Map<string, Map<string, { net: bigint; positive: bigint; orders: number }>>();
  for (const order of orders) {
    if (order.day >= asOf) continue;
    let dayMap = byCustomer.get(order.customer);
    if (!dayMap) byCustomer.set(order.customer, (dayMap = new Map()));
    const day = dayMap.get(order.day) ?? { net: 0n, positive: 0n, orders: 0 };
    day.net += order.cents;
    if (order.cents >= 0n) {
      day.positive += order.cents;
      day.orders++;
    }
    dayMap.set(order.day, day);
  }
  const result = new Map<string, Expected>();
  for (const [customer, dayMap] of byCustomer) {
    const purchaseDays = [...dayMap.entries()].filter(([, d]) => d.orders > 0).sort(([a], [b]) => a.localeCompare(b));
    if (purchaseDays.length === 0) continue;
    const all = [...dayMap.values()];
    const revenue = all.reduce((s, d) => s + d.net, 0n);
    const orderCount = all.reduce((s, d) => s + d.orders, 0);
    const positive = all.reduce((s, d) => s + d.positive, 0n);
    const firstDay = purchaseDays[0]![0];
    const lastDay = purchaseDays[purchaseDays.length - 1]![0];
    const repeatNet = purchaseDays.slice(1).reduce((s, [, d]) => s + d.net, 0n);
    result.set(customer, {
      firstDay, lastDay,
      frequency: purchaseDays.length - 1,
      recencyDays: days(firstDay, lastDay),
      tenureDays: days(firstDay, lastCounted),
      daysSinceLast: days(lastDay, lastCounted),
      orders: orderCount,
      revenue: money(revenue),
      margin: money(revenue),
      averageOrderValue: money(divideRounded(positive, BigInt(Math.max(orderCount, 1)))),
      repeatValue: money(purchaseDays.length > 1 ? divideRounded(repeatNet, BigInt(purchaseDays.length - 1)) : 0n),
    });
  }
  return result;
}

/** Compares the product's summaries (keyed by customer external id) with the hand-made ones, field by field. */
function compare(actual: Map<string, CustomerSummary>, externalIds: Map<string, string>, expected: Map<string, Expected>): void {
  const asText = (value: string) => Number(value).toFixed(2);
  const mismatches: string[] = [];
  const seen = new Set<string>();
  for (const [id, summary] of actual) {
    const key = externalIds.get(id)!;
    seen.add(key);
    const want = expected.get(key);
    if (!want) {
      mismatches.push(`${key}: not expected`);
      continue;
    }
    const got: Expected = {
      firstDay: summary.firstDay, lastDay: summary.lastDay, frequency: summary.frequency, recencyDays: summary.recencyDays,
      tenureDays: summary.tenureDays, daysSinceLast: summary.daysSinceLast, orders: summary.orders, revenue: asText(summary.revenue),
      margin: asText(summary.margin), averageOrderValue: asText(summary.averageOrderValue), repeatValue: asText(summary.repeatValue),
    };
    if (JSON.stringify(got) !== JSON.stringify(want)) mismatches.push(`${key}: ${JSON.stringify(got)} ≠ ${JSON.stringify(want)}`);
    expect(Number(summary.cost)).toBe(0);
    expect(Number(summary.costToServe)).toBe(0);
  }
  for (const key of expected.keys()) if (!seen.has(key)) mismatches.push(`${key}: missing`);
  expect(mismatches.slice(0, 5)).toEqual([]);
  expect(actual.size).toBe(expected.size);
}

async function importThroughProduct(db: TestDatabase['db'], path: string) {
  const facts = await fileFacts(path);
  const opened = await openOrderSource(db, path, {});
  const job = await createImportJob(db, systemActor, {
    kind: 'orders', fileName: facts.fileName, fileSha256: facts.sha256,
    options: { mapping: opened.mapping, createCustomers: true, batchSize: 20_000 },
  });
  return runOrderImport(db, systemActor, job.id, opened.source, opened.mapRow);
}

async function productSummaries(db: TestDatabase['db'], asOf: string) {
  const customers = ((await db.execute(sql`SELECT id, external_id FROM customers`)) as unknown as { rows: { id: string; external_id: string }[] }).rows;
  const externalIds = new Map(customers.map((row) => [row.id, row.external_id]));
  const summaries = await summarizeCustomers(db, systemActor, { asOf, customerIds: customers.map((row) => row.id) });
  return { summaries, externalIds };
}

async function rejectedLines(db: TestDatabase['db'], jobId: string) {
  return ((await db.execute(sql`SELECT line, code FROM import_row_errors WHERE job_id = ${jobId} ORDER BY line`)) as unknown as { rows: { line: number; code: string }[] }).rows;
}

// ---- CDNOW: the 1/10 sample, whitespace-separated `master_id sample_id date cds dollars`.
// The import reads CSV; the test writes the raw lines as CSV unchanged (the date stays YYYYMMDD).
const cdnowLines = readFileSync(join(DATA, 'cdnow', 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/).filter((line) => line.trim() !== '').map((line) => line.trim().split(/\s+/));
const cdnowCsv = join(dir, 'cdnow-sample.csv');
writeFileSync(cdnowCsv, `Customer ID,Order Date,Amount\n${cdnowLines.map(([id, , date, , dollars]) => `${id},${date},${dollars}`).join('\n')}\n`);
// Every line is an order, the free samples (0.00) included, as in CDNOW's own summary file.
const cdnowOrders: RawOrder[] = cdnowLines.map(([id, , date, , dollars]) => ({
  customer: String(id), day: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`, cents: BigInt(Math.round(Number(dollars) * 100)),
}));
const cdnowZeroOrders = cdnowOrders.filter((order) => order.cents === 0n).length;

// ---- UCI Online Retail: line items, cancellations (C…), rows without a customer.
function splitCsvLine(line: string): string[] {
  if (!line.includes('"')) return line.split(',');
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i]!;
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') (cell += '"'), i++;
      else if (char === '"') quoted = false;
      else cell += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') (cells.push(cell), (cell = ''));
    else cell += char;
  }
  cells.push(cell);
  return cells;
}

function retailOrders(): { orders: RawOrder[]; withoutCustomer: number; lines: number } {
  const text = gunzipSync(readFileSync(join(DATA, 'online-retail.csv.gz'))).toString('utf8');
  const rows = text.split(/\r?\n/);
  const invoices = new Map<string, { customer: string; time: string; cents: bigint }>();
  let withoutCustomer = 0;
  let lines = 0;
  for (let i = 1; i < rows.length; i++) {
    if (rows[i] === '') continue;
    lines++;
    const [invoice, , , quantity, time, price, customerId] = splitCsvLine(rows[i]!);
    if (!customerId) {
      withoutCustomer++;
      continue;
    }
    const customer = customerId.replace(/\.0+$/, '');
    // Unit price in 1/10000s, quantity × price in 1/10000s, then cents rounded half away from zero.
    const [whole, fraction = ''] = price!.split('.');
    const priceUnits = BigInt(whole!) * 10_000n + BigInt((fraction + '0000').slice(0, 4));
    const cents = divideRounded(BigInt(quantity!) * priceUnits, 100n);
    const key = `${customer}\u0000${invoice}`;
    const order = invoices.get(key);
    if (!order) invoices.set(key, { customer, time: time!, cents });
    else {
      order.cents += cents;
      if (time! < order.time) order.time = time!;
    }
  }
  return { orders: [...invoices.values()].map((o) => ({ customer: o.customer, day: o.time.slice(0, 10), cents: o.cents })), withoutCustomer, lines };
}

describe.each(testEngines())('real transactions imported through the product on %s', (engine) => {
  // One database per file, so the two files' customer ids cannot meet.
  const opened: TestDatabase[] = [];
  const fresh = async () => {
    const database = await openTestDatabase(engine);
    opened.push(database);
    return database;
  };
  afterAll(async () => {
    for (const database of opened) await database.close();
  });

  it('CDNOW sample (6,919 purchases): summaries for the 39-week calibration and for the whole period equal the hand reduction', async () => {
    const database = await fresh();
    const job = await importThroughProduct(database.db, cdnowCsv);
    expect(job.counts).toEqual({ created: cdnowLines.length, updated: 0, unchanged: 0, rejected: 0 });
    expect(await rejectedLines(database.db, job.id)).toEqual([]);
    // The free samples are stored as orders of 0.00, not dropped.
    expect(cdnowZeroOrders).toBeGreaterThan(0);
    const zero = ((await database.db.execute(sql`SELECT count(*)::int AS n FROM orders WHERE amount = 0`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(zero).toBe(cdnowZeroOrders);
    for (const asOf of ['1997-10-01', '1998-07-01']) {
      const { summaries, externalIds } = await productSummaries(database.db, asOf);
      compare(summaries, externalIds, reduce(cdnowOrders, asOf));
    }
    // The calibration summary matches the published one (weeks) for every customer: the
    // published file counts a free sample's day as a purchase day, as the product does.
    const { summaries, externalIds } = await productSummaries(database.db, '1997-10-01');
    const published = readFileSync(join(DATA, 'cdnow', 'cdnow_customers_summary.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((line) => line.split(','));
    const sampleIdOf = new Map(cdnowLines.map(([master, sample]) => [String(master), Number(sample)]));
    const byId = new Map([...summaries.values()].map((summary) => [sampleIdOf.get(externalIds.get(summary.customerId)!)!, summary]));
    let checked = 0;
    for (const [id, frequency, recency, T] of published) {
      const summary = byId.get(Number(id))!;
      expect([summary.frequency, (summary.recencyDays / 7).toFixed(2), (summary.tenureDays / 7).toFixed(2)]).toEqual([Number(frequency), Number(recency).toFixed(2), Number(T).toFixed(2)]);
      checked++;
    }
    expect(checked).toBe(published.length);
  }, 120_000);

  it('UCI Online Retail (541,909 line items): every customer\'s summary equals the hand reduction of the raw file', async () => {
    const raw = retailOrders();
    expect(raw.lines).toBe(541_909);
    const database = await fresh();
    const started = Date.now();
    const job = await importThroughProduct(database.db, join(DATA, 'online-retail.csv.gz'));
    const seconds = (Date.now() - started) / 1000;
    console.log(`${engine}: online-retail imported in ${seconds.toFixed(1)} s (${job.counts.created + job.counts.updated} rows into orders)`);
    expect(job.counts.rejected).toBe(raw.withoutCustomer);
    expect(job.counts.created + job.counts.updated + job.counts.rejected).toBe(raw.lines);
    const orders = ((await database.db.execute(sql`SELECT count(*)::int AS n FROM orders`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    expect(orders).toBe(raw.orders.length);
    const { summaries, externalIds } = await productSummaries(database.db, '2011-12-10');
    const expected = reduce(raw.orders, '2011-12-10');
    compare(summaries, externalIds, expected);
    expect(expected.size).toBeGreaterThan(4_300);
  }, 600_000);
});

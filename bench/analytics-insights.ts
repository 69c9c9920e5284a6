/**
 * Manager KPIs, the revenue forecast and C3 segments at scale (docs/benchmarks.md, "Manager
 * view and C3"): issue 5 wants them set-based and within seconds on 1,000,000 customers and
 * 10,000,000 orders.
 *
 *   npx tsx bench/analytics-insights.ts [--customers 1000000] [--orders 10000000] [--runs 1]
 *                                       [--admin-url postgres://postgres@127.0.0.1:5432/postgres] [--keep] [--reuse]
 *
 * Data (PostgreSQL, its own database weixi_bench_insights, dropped at the end unless --keep):
 * 50 staff in 10 teams, customers spread over 8 regions and the 50 owners, orders following the
 * BG/NBD story over 2022–2024 (see below), amounts log-normal, cost 60%; one survey answer for
 * every 5th customer, a complaint for every 10th.
 * Timed: KPIs by company per month (12 periods, with the forecast inside), by team per quarter,
 * by owner per month, and C3 segments. Reference in the same run: a plain scan
 * `SELECT customer_id, count(*), sum(amount) FROM orders GROUP BY 1`; ratio = query ÷ scan.
 */
import { cpus, loadavg, totalmem } from 'node:os';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { c3Segments } from '../src/modules/analytics/c3-segments.js';
import { managerKpis } from '../src/modules/analytics/manager-kpis.js';
import { systemActor } from '../src/modules/users/actor.js';
import { adminQuery, median } from './support.js';

const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1]! : fallback;
};
const customers = Number(option('customers', '1000000'));
const orders = Number(option('orders', '10000000'));
const runs = Number(option('runs', '1'));
const adminUrl = option('admin-url', 'postgres://postgres@127.0.0.1:5432/postgres');
const NAME = 'weixi_bench_insights';
const databaseUrl = adminUrl.replace(/\/[^/]*$/, `/${NAME}`);

const admin = (text: string) => adminQuery(adminUrl, text);

async function timed<T>(label: string, fn: () => Promise<T>): Promise<{ seconds: number; value: T }> {
  const started = performance.now();
  const value = await fn();
  const seconds = (performance.now() - started) / 1000;
  console.log(`${label}: ${seconds.toFixed(2)} s`);
  return { seconds, value };
}


if (!args.includes('--reuse')) {
  await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
  await admin(`CREATE DATABASE ${NAME}`);
}
const database = await openDatabase({ databaseUrl, poolSize: 2 });
try {
  await migrate(database);
  const q = (text: string) => database.raw.query(text);
  if (!args.includes('--reuse')) {
    await timed('load', async () => {
      await q(`INSERT INTO users (id, username, display_name, password_hash, role, team)
               SELECT gen_random_uuid(), 'bench' || i, '员工' || i, 'x', 'staff', '团队' || (i % 10) FROM generate_series(1, 50) i`);
      await q(`INSERT INTO customers (id, name, name_sort, region, owner_id, stage)
               SELECT gen_random_uuid(), 'c' || i, 'c' || i, (ARRAY['华东','华南','华北','华中','西南','西北','东北','海外'])[1 + i % 8], u.ids[1 + i % 50], 'current'
                 FROM generate_series(1, ${customers}) i CROSS JOIN (SELECT array_agg(id ORDER BY username) AS ids FROM users) u`);
      // The BG/NBD story: a first purchase in 2022–2024, then purchases at a customer's own rate λ
      // (exponential gaps, λ exponential across customers, mean one per 30 days) until the customer
      // drops out — with probability p after each purchase, p ≈ 1/(orders/customers) with spread;
      // purchases after 2024 are not made. The order count lands near --orders, not on it.
      const mean = orders / customers;
      await q(`ALTER TABLE orders SET (autovacuum_enabled = false)`);
      await q(`INSERT INTO orders (id, customer_id, ordered_at, amount, cost)
               SELECT gen_random_uuid(), customer_id, at, a, round(a * 0.6, 2) FROM (
                 SELECT c.id AS customer_id, c.first + sum(g.gap) OVER (PARTITION BY c.id ORDER BY g.n) * interval '1 day' AS at,
                        round(exp(3 + random() * 1.5 + g.n * 0)::numeric, 2) AS a
                   FROM (SELECT id, timestamptz '2022-01-01 00:00:00+08' + random() * interval '1095 days' AS first,
                                -ln(1 - random()) / 30 AS lambda, least(0.9, (0.5 + random()) / ${mean}) AS p FROM customers) c
                   CROSS JOIN LATERAL (
                     SELECT n, CASE WHEN n = 1 THEN 0 ELSE -ln(1 - random()) / greatest(c.lambda, 1e-4) END AS gap
                       FROM generate_series(1, 1 + floor(ln(1 - random()) / ln(1 - c.p))::int) n) g
               ) x WHERE at < timestamptz '2025-01-01 00:00:00+08'`);
      await q(`INSERT INTO customer_feedback (id, customer_id, kind, score, surveyed_at)
               SELECT gen_random_uuid(), id, 'nps', floor(random() * 11)::int, timestamptz '2024-06-01 00:00:00+08' + random() * interval '180 days'
                 FROM (SELECT id, row_number() OVER () AS n FROM customers) c WHERE n % 5 = 0`);
      await q(`INSERT INTO interactions (id, customer_id, kind, occurred_at)
               SELECT gen_random_uuid(), id, 'complaint', timestamptz '2024-01-01 00:00:00+08' + random() * interval '360 days'
                 FROM (SELECT id, row_number() OVER () AS n FROM customers) c WHERE n % 10 = 0`);
      await q(`ALTER TABLE orders SET (autovacuum_enabled = true)`);
      await q(`VACUUM ANALYZE`);
    });
  }
  const counts = (await database.raw.query<{ customers: string; orders: string }>(`SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders`))[0]!;
  console.log(`data: ${counts.customers} customers, ${counts.orders} orders; machine: ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GB, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);

  const figures: Record<string, number[]> = {};
  const record = (label: string, seconds: number) => (figures[label] ??= []).push(seconds);
  for (let run = 0; run < runs; run++) {
    record('scan', (await timed('reference scan (GROUP BY customer over orders)', () => q('SELECT customer_id, count(*), sum(amount) FROM orders GROUP BY 1'))).seconds);
    const company = await timed('KPIs by company, 12 months, with forecast', () => managerKpis(database.db, systemActor, { from: '2024-01-01', to: '2024-12-31' }, 'en-US'));
    record('kpis company', company.seconds);
    if (run === 0) console.log(`  forecast ${company.value.forecast.nextQuarter}: ${company.value.forecast.revenue} [${company.value.forecast.low}, ${company.value.forecast.high}] ${company.value.forecast.method}; Dec active ${company.value.rows.at(-1)!.activeCustomers}`);
    record('kpis team', (await timed('KPIs by team, 4 quarters', () => managerKpis(database.db, systemActor, { by: 'team', period: 'quarter', from: '2024-01-01', to: '2024-12-31' }))).seconds);
    record('kpis owner', (await timed('KPIs by owner, 12 months', () => managerKpis(database.db, systemActor, { by: 'owner', from: '2024-01-01', to: '2024-12-31' }))).seconds);
    record('c3', (await timed('C3 segments', () => c3Segments(database.db, systemActor, { asOf: '2025-01-01' }))).seconds);
  }
  const scan = median(figures.scan!);
  for (const [label, values] of Object.entries(figures)) {
    console.log(`${label}: median ${median(values).toFixed(2)} s over ${values.length} run(s); ÷ scan ${(median(values) / scan).toFixed(1)}`);
  }
} finally {
  await database.close();
  if (!args.includes('--keep')) await admin(`DROP DATABASE IF EXISTS ${NAME} WITH (FORCE)`);
}

/**
 * Analytics pipeline at scale (docs/benchmarks.md, "Analytics pipeline"): issue 5 asks for the
 * full analysis of 1,000,000 customers and 10,000,000 orders in ≤ 60 s on this 2-core machine,
 * the BG/NBD fit alone ≤ 2 s, peak RSS ≤ 1.5 GB.
 *
 *   npx tsx bench/analytics.ts [--customers 1000000] [--orders 10000000] [--engine postgres|pglite]
 *                              [--runs 1] [--seed 1] [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
 *                              [--reuse] [--keep] [--reports] [--json file]
 *
 * Data: demo customers from loadDemo() (src/modules/demo, without history), then orders made
 * in SQL following the BG/NBD story (see generateOrders), amounts log-normal around a
 * per-customer mean. Indexes and
 * foreign keys of orders are set aside while loading (deferForBulkLoad, as the demo loader does).
 * PostgreSQL: its own database (weixi_bench_analytics), kept with --keep and reused with --reuse.
 *
 * Timed: analysis runs exactly as `weixi analyze run` does them, each as of the day after the
 * previous one (the daily path: previous scores exist, history is thinned) (summaries → RFM and tiers →
 * BG/NBD, Gamma-Gamma → predictions per group → reasons and risk → scores, history, snapshot,
 * in one transaction; the run also keeps the day's 80/20 analysis — Lorenz, Gini, whale curve —
 * computed from its summaries), then the first page of the churn list; with --reports also
 * the standalone 80/20 report (GET /analytics/concentration, its own pass over the orders). Reference in the same run: a plain scan
 * `SELECT customer_id, count(*), sum(amount) FROM orders GROUP BY 1`; ratio = run ÷ scan.
 * Peak RSS is this Node process's (on PostgreSQL the server's memory is not included).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { enqueueAnalysisRun } from '../src/modules/analytics/scoring/analysis-runs.js';
import { listChurnRisk } from '../src/modules/analytics/scoring/list-churn-risk.js';
import { claimAndRunAnalysis } from '../src/modules/analytics/scoring/run-analysis.js';
import { valueConcentration } from '../src/modules/analytics/value-concentration.js';
import { deferForBulkLoad, restoreDeferred } from '../src/modules/demo/defer-constraints.js';
import { DEFAULT_REFERENCE_DATE } from '../src/modules/demo/generate-demo.js';
import { loadDemo } from '../src/modules/demo/load-demo.js';
import { systemActor } from '../src/modules/users/actor.js';
import { adminQuery, DEFAULT_ADMIN_URL, log, median, readFlags } from './support.js';

type Options = { customers: number; orders: number; engine: Engine; runs: number; seed: number; adminUrl: string; reuse: boolean; keep: boolean; reports: boolean; json?: string };

function parseOptions(argv: string[]): Options {
  const options: Options = {
    customers: 1_000_000, orders: 10_000_000, engine: 'postgres', runs: 1, seed: 1,
    adminUrl: DEFAULT_ADMIN_URL, reuse: false, keep: false, reports: false,
  };
  readFlags(argv, (flag, { value, count }) => {
    if (flag === '--customers') options.customers = count();
    else if (flag === '--orders') options.orders = count();
    else if (flag === '--engine') {
      const engine = value();
      if (engine !== 'postgres' && engine !== 'pglite') throw new Error('--engine is postgres or pglite');
      options.engine = engine;
    } else if (flag === '--runs') options.runs = count();
    else if (flag === '--seed') options.seed = count();
    else if (flag === '--admin-url') options.adminUrl = value();
    else if (flag === '--reuse') options.reuse = options.keep = true;
    else if (flag === '--keep') options.keep = true;
    else if (flag === '--reports') options.reports = true;
    else if (flag === '--json') options.json = value();
    else return false;
    return true;
  });
  if (options.reuse && options.engine === 'pglite') throw new Error('--reuse works with --engine postgres only');
  return options;
}

const BENCH_DB = 'weixi_bench_analytics';
const seconds = (millis: number) => `${(millis / 1000).toFixed(2)} s`;

async function open(options: Options): Promise<{ database: Database; fresh: boolean; cleanup(): Promise<void> }> {
  if (options.engine === 'postgres') {
    const url = new URL(options.adminUrl);
    url.pathname = `/${BENCH_DB}`;
    let fresh = !options.reuse;
    if (options.reuse) {
      const client = new pg.Client({ connectionString: options.adminUrl });
      await client.connect();
      const exists = (await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [BENCH_DB])).rowCount! > 0;
      await client.end();
      fresh = !exists;
    }
    if (fresh) {
      await adminQuery(options.adminUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
      await adminQuery(options.adminUrl, `CREATE DATABASE ${BENCH_DB}`);
    }
    const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 4 });
    return {
      database, fresh,
      async cleanup() {
        await database.close();
        if (!options.keep) await adminQuery(options.adminUrl, `DROP DATABASE IF EXISTS ${BENCH_DB} WITH (FORCE)`);
        else log(`kept database ${BENCH_DB} (--reuse to measure it again, DROP DATABASE ${BENCH_DB} when done)`);
      },
    };
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-bench-analytics-'));
  const database = await openDatabase({ dataDir });
  return {
    database, fresh: true,
    async cleanup() {
      await database.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/**
 * Orders for every customer, made by the database itself (no rows cross the wire), following
 * the BG/NBD story with r = 1 and a = 1 (so both draws are closed-form): a purchase rate
 * λ ~ Gamma(1, α) per day, a dropout probability p ~ Beta(1, B); the first purchase uniformly
 * in the two years before the reference day, repeat purchases at Exp(λ) gaps, and after each
 * repeat purchase the customer leaves with probability p. α is scaled so that orders ÷
 * customers comes out near what --orders asks.
 */
async function generateOrders(database: Database, options: Options): Promise<number> {
  const perCustomer = options.orders / options.customers;
  const B = 10;
  const alpha = (ALPHA_FOR_TEN * 10) / Math.max(1.5, perCustomer);
  const reference = `'${DEFAULT_REFERENCE_DATE} 00:00:00+08'::timestamptz`;
  const deferred = await deferForBulkLoad(database, ['orders']);
  await database.raw.exec(`SELECT setseed(${(options.seed % 1000) / 1000})`);
  const started = performance.now();
  await database.raw.exec(`
    INSERT INTO orders (id, customer_id, ordered_at, amount, cost)
    SELECT gen_random_uuid(), s.id, s.first_at + s.t * interval '1 day',
           round((s.aov * (0.4 + 1.2 * random()))::numeric, 2), round((s.aov * (0.4 + 1.2 * random()) * 0.55)::numeric, 2)
      FROM (
        SELECT c.id, c.first_at, c.age, c.aov,
               CASE WHEN g.j = 0 THEN 0 ELSE sum(CASE WHEN g.j = 0 THEN 0 ELSE -ln(1 - random()) / c.lambda END) OVER (PARTITION BY c.id ORDER BY g.j) END AS t
          FROM (
            SELECT id, first_at, age, lambda, aov,
                   -- repeat purchases before dropping out: Geometric(p), bounded by what time allows
                   least(ceil(ln(1 - random()) / ln(1 - p))::int, ceil(2 * lambda * age + 10)::int, 1000) AS k
              FROM (
                SELECT id, ${reference} - age * interval '1 day' AS first_at, age,
                       greatest(-ln(1 - random()) / ${alpha}, 1e-9) AS lambda,
                       least(greatest(1 - power(random(), 1.0 / ${B}), 1e-6), 0.999999) AS p,
                       exp(5 + 0.8 * sqrt(-2 * ln(1 - random())) * cos(2 * pi() * random())) AS aov
                  FROM (SELECT id, random() * 730 AS age FROM customers) a
              ) b
          ) c
          CROSS JOIN LATERAL generate_series(0, c.k) AS g(j)
      ) s
     WHERE s.t < s.age`);
  log(`  orders generated in ${seconds(performance.now() - started)}; rebuilding ${deferred.length} indexes/keys`);
  await restoreDeferred(database, deferred);
  await database.raw.exec('VACUUM (ANALYZE) orders');
  const [row] = await database.raw.query<{ n: string }>('SELECT count(*) AS n FROM orders');
  return Number(row!.n);
}

/** α (days) that gives about 10 orders a customer with B = 10 (found by trial at 20,000 customers). */
const ALPHA_FOR_TEN = 17;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const { database, fresh, cleanup } = await open(options);
  try {
    const [version] = await database.raw.query<{ version: string }>('SELECT version()');
    const machine = `${cpus().length} cores (${cpus()[0]?.model ?? '?'}), ${(totalmem() / 2 ** 30).toFixed(1)} GiB, node ${process.version}, ${version!.version.split(' on ')[0]} (${options.engine})`;
    log(`machine: ${machine}`);
    await migrate(database);
    let [counts] = await database.raw.query<{ customers: string; orders: string }>('SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders');
    if (fresh || Number(counts!.customers) === 0) {
      const started = performance.now();
      log(`loading ${options.customers.toLocaleString('en-US')} demo customers …`);
      await loadDemo(database, { size: options.customers, seed: options.seed, parts: { orders: false, investments: false, interactions: false },
        onProgress: (done, total) => done % 200_000 === 0 && log(`  ${done}/${total}`) });
      log(`  customers loaded in ${seconds(performance.now() - started)}`);
    }
    if (Number(counts!.orders) === 0) {
      log(`generating about ${options.orders.toLocaleString('en-US')} orders in SQL …`);
      const started = performance.now();
      await generateOrders(database, options);
      log(`  orders ready in ${seconds(performance.now() - started)}`);
    }
    [counts] = await database.raw.query<{ customers: string; orders: string }>('SELECT (SELECT count(*) FROM customers) AS customers, (SELECT count(*) FROM orders) AS orders');
    log(`data: ${Number(counts!.customers).toLocaleString('en-US')} customers, ${Number(counts!.orders).toLocaleString('en-US')} orders`);

    const results: Record<string, number>[] = [];
    for (let run = 0; run < options.runs; run++) {
      // The daily path: each run is as of the day after the last one (the first on the reference day).
      const [last] = await database.raw.query<{ day: string | null }>(`SELECT to_char(max(as_of) + 1, 'YYYY-MM-DD') AS day FROM analysis_runs WHERE status = 'done'`);
      const asOf = last?.day ?? DEFAULT_REFERENCE_DATE;
      const load = loadavg()[0]!;
      let started = performance.now();
      await database.raw.query('SELECT customer_id, count(*), sum(amount) FROM orders GROUP BY 1');
      const scan = performance.now() - started;
      started = performance.now();
      const queued = await enqueueAnalysisRun(database.db, systemActor, { asOf });
      const done = await claimAndRunAnalysis(database, { runId: queued.id, log: (line) => log(`  ${line}`) });
      const analysis = performance.now() - started;
      if (done?.status !== 'done') throw new Error(`run ${done?.status}: ${JSON.stringify(done?.error)}`);
      let concentration = 0;
      if (options.reports) {
        started = performance.now();
        await valueConcentration(database.db, systemActor, { asOf });
        concentration = performance.now() - started;
      }
      started = performance.now();
      await listChurnRisk(database.db, systemActor, { limit: 50 }, 'zh-CN');
      const churnPage = performance.now() - started;
      const timings = (done.params as { timings: Record<string, number>; groups: number; spendGroups: number });
      const fits = done.fits as { purchaseModel: string; bgNbd: { status: string; params: unknown }; gammaGamma: { status: string; params: unknown } };
      log(`  ${fits.purchaseModel}: BG/NBD ${fits.bgNbd.status} ${JSON.stringify(fits.bgNbd.params)}, Gamma-Gamma ${fits.gammaGamma.status} ${JSON.stringify(fits.gammaGamma.params)}`);
      const totals = done.totals as { buyers: number; high: number; medium: number; historyRows: number };
      results.push({
        load, scan, analysis, concentration, churnPage, ratio: analysis / scan, ...timings.timings,
        groups: timings.groups, spendGroups: timings.spendGroups, buyers: totals.buyers, atRisk: totals.high + totals.medium, historyRows: totals.historyRows,
      });
      log(`run ${run + 1} as of ${asOf}: analysis ${seconds(analysis)} (BG/NBD fit ${seconds(timings.timings.fitBgNbd!)}), scan reference ${seconds(scan)}, ratio ${(analysis / scan).toFixed(2)}; standalone 80/20 report ${options.reports ? seconds(concentration) : 'not run'}; churn page ${seconds(churnPage)}; load avg ${load.toFixed(2)}`);
    }
    const peakRss = process.resourceUsage().maxRSS / 1024;
    const summary = {
      machine, engine: options.engine, customers: Number(counts!.customers), orders: Number(counts!.orders), runs: results,
      median: { analysis: median(results.map((r) => r.analysis!)), fitBgNbd: median(results.map((r) => r.fitBgNbd!)), scan: median(results.map((r) => r.scan!)), ratio: median(results.map((r) => r.ratio!)) },
      peakRssMiB: Math.round(peakRss), loadAverage: loadavg(),
    };
    console.log(JSON.stringify(summary, null, 2));
    console.log(`\nfull analysis ${seconds(summary.median.analysis)} (goal ≤ 60 s), BG/NBD fit ${seconds(summary.median.fitBgNbd)} (goal ≤ 2 s), peak RSS ${summary.peakRssMiB} MiB (goal ≤ 1536), ratio to a plain GROUP BY scan ${summary.median.ratio.toFixed(2)}`);
    if (options.json) writeFileSync(options.json, JSON.stringify(summary, null, 2));
  } finally {
    await cleanup();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});

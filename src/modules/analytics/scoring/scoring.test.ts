import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../../db/test-support.js';
import { systemActor, type Actor } from '../../users/actor.js';
import { bgNbdExpectedPurchases, fitBgNbd, fitGammaGamma, type BgNbdParams, type GammaGammaParams } from '../models/index.js';
import { rfmSegments } from '../rfm-segments.js';
import { valueConcentration } from '../value-concentration.js';
import { claimAnalysisRun, enqueueAnalysisRun, getAnalysisRun } from './analysis-runs.js';
import { listChurnRisk } from './list-churn-risk.js';
import { claimAndRunAnalysis } from './run-analysis.js';

/**
 * The analysis run on the CDNOW sample (2,357 customers) plus contacts and complaints added
 * here, checked against expectations computed in this file from the raw purchase lines and
 * the published formulas: P(alive) of BG/NBD (FHL 2005 eq. 13), Gamma-Gamma's expected value,
 * discounted CLV, the spend windows, the contact rules and the risk formula.
 */
const CDNOW = join(process.cwd(), '..', 'shared', 'data', 'cdnow');
type Purchase = { customer: number; day: string; cents: number };
const purchases: Purchase[] = readFileSync(join(CDNOW, 'CDNOW_sample.txt'), 'utf8').split(/\r?\n/).filter((line) => line.trim()).map((line) => {
  const [, id, date, , dollars] = line.trim().split(/\s+/);
  return { customer: Number(id), day: `${date!.slice(0, 4)}-${date!.slice(4, 6)}-${date!.slice(6, 8)}`, cents: Math.round(Number(dollars) * 100) };
});
const customerIds = [...new Set(purchases.map((purchase) => purchase.customer))];
const uuidOf = (customer: number): string => `00000000-0000-4000-8000-${String(customer).padStart(12, '0')}`;
const STAFF_ID = '00000000-0000-4000-8000-99999999999a';
const staff: Actor = { userId: STAFF_ID, role: 'staff', regions: [] };
const DAY = 86_400_000;
const addDays = (day: string, days: number) => new Date(Date.parse(day) + days * DAY).toISOString().slice(0, 10);
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / DAY);

// Contacts and complaints (company-local noon): a call 10 days before the first as-of day for
// every 5th customer, a complaint 5 days before it for every 7th.
const FIRST = '1997-10-01';
const SECOND = '1998-01-01';
const called = (c: number) => c % 5 === 0;
const complained = (c: number) => c % 7 === 0;
const WEIGHTS = { p_alive_drop: 0.3, spend_down: 0.25, no_contact: 0.15, open_complaint: 0.3 } as const;

type Expected = { x: number; tx: number; T: number; zbar: number; margin: number; daysSinceLast: number; recent: number; previous: number };

function expectedInputs(asOf: string): Map<number, Expected> {
  const lastCounted = addDays(asOf, -1);
  const out = new Map<number, Expected>();
  const byCustomer = new Map<number, Purchase[]>();
  for (const purchase of purchases) if (purchase.day < asOf) byCustomer.set(purchase.customer, [...(byCustomer.get(purchase.customer) ?? []), purchase]);
  for (const [customer, list] of byCustomer) {
    const days = new Map<string, number>();
    for (const p of list) days.set(p.day, (days.get(p.day) ?? 0) + p.cents);
    const buying = [...days.keys()].sort();
    const x = buying.length - 1;
    const repeatCents = buying.slice(1).reduce((sum, day) => sum + days.get(day)!, 0);
    const sum = (from: string, to: string) => list.filter((p) => p.day >= from && p.day < to).reduce((s, p) => s + p.cents, 0);
    out.set(customer, {
      x, tx: daysBetween(buying[0]!, buying.at(-1)!), T: daysBetween(buying[0]!, lastCounted),
      zbar: x > 0 ? Math.round(repeatCents / x) / 100 : 0,
      margin: list.reduce((s, p) => s + p.cents - Math.floor(p.cents / 2), 0),
      daysSinceLast: daysBetween(buying.at(-1)!, lastCounted),
      recent: sum(addDays(asOf, -90), asOf), previous: sum(addDays(asOf, -180), addDays(asOf, -90)),
    });
  }
  return out;
}

function pAliveByFormula(p: BgNbdParams, c: { x: number; tx: number; T: number }): number {
  if (c.x === 0) return 1;
  return 1 / (1 + (p.a / (p.b + c.x - 1)) * ((p.alpha + c.T) / (p.alpha + c.tx)) ** (p.r + c.x));
}

type ScoreRow = {
  customer_id: string; p_alive: number; prev_p_alive: number | null; expected_purchases_90d: number; expected_aov: string; clv: string;
  risk_score: number; risk_level: string; value_tier: string; rfm_segment: string; reasons: { code: string; data: Record<string, unknown> }[];
  [key: string]: unknown;
};

const relative = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-12, Math.abs(b));

describe.each(testEngines())('analysis runs on %s', (engine) => {
  let database: TestDatabase;
  const scores = async () => {
    const rows = await database.raw.query<ScoreRow>('SELECT * FROM customer_scores ORDER BY customer_id');
    return rows.map((row) => ({ ...row, reasons: typeof row.reasons === 'string' ? JSON.parse(row.reasons) : row.reasons })) as ScoreRow[];
  };
  const history = () => database.raw.query<Record<string, unknown>>('SELECT customer_id, as_of::text, p_alive, risk_score, risk_level, rfm_segment, value_tier, clv FROM customer_score_history ORDER BY customer_id, as_of');
  const runAt = async (asOf: string) => {
    const queued = await enqueueAnalysisRun(database.db, systemActor, { asOf });
    const run = await claimAndRunAnalysis(database, { runId: queued.id });
    expect(run?.error ?? null).toBeNull();
    expect(run?.status).toBe('done');
    return run!;
  };

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    await database.raw.query(`INSERT INTO users (id, username, display_name, password_hash, role) VALUES ($1, 'cdnow-staff', 'CDNOW staff', 'x', 'staff')`, [STAFF_ID]);
    const customers = customerIds.map((c) => `${uuidOf(c)},CDNOW ${c},cdnow ${c},${c % 3 === 0 ? STAFF_ID : ''}\n`).join('');
    await database.raw.copyFromCsv('COPY customers (id, name, name_sort, owner_id) FROM STDIN WITH (FORMAT csv)', customers);
    const orders = purchases.map((p, i) => `00000000-0000-4000-9000-${String(i).padStart(12, '0')},${uuidOf(p.customer)},${p.day} 12:00:00+08,${(p.cents / 100).toFixed(2)},${(Math.floor(p.cents / 2) / 100).toFixed(2)}\n`).join('');
    await database.raw.copyFromCsv('COPY orders (id, customer_id, ordered_at, amount, cost) FROM STDIN WITH (FORMAT csv)', orders);
    let n = 0;
    const interactions = customerIds.flatMap((c) => [
      ...(called(c) ? [`00000000-0000-4000-a000-${String(n++).padStart(12, '0')},${uuidOf(c)},call,${addDays(FIRST, -10)} 12:00:00+08\n`] : []),
      ...(complained(c) ? [`00000000-0000-4000-a000-${String(n++).padStart(12, '0')},${uuidOf(c)},complaint,${addDays(FIRST, -5)} 12:00:00+08\n`] : []),
    ]).join('');
    await database.raw.copyFromCsv('COPY interactions (id, customer_id, kind, occurred_at) FROM STDIN WITH (FORMAT csv)', interactions);
    await database.raw.exec('ANALYZE customers, orders, interactions');
  });
  afterAll(() => database.close());

  const expectScores = (asOf: string, rows: ScoreRow[], fits: { bgNbd: { params: BgNbdParams }; gammaGamma: { params: GammaGammaParams } }, previous?: Map<string, number>) => {
    const inputs = expectedInputs(asOf);
    expect(rows).toHaveLength(inputs.size);
    const bg = fits.bgNbd.params;
    const gg = fits.gammaGamma.params;
    const monthly = 1.1 ** (1 / 12) - 1;
    const mismatches: string[] = [];
    for (const [customer, e] of inputs) {
      const row = rows.find((r) => r.customer_id === uuidOf(customer))!;
      const c = { x: e.x, tx: e.tx, T: e.T };
      const pAlive = pAliveByFormula(bg, c);
      const aov = e.x > 0 && e.zbar > 0 ? ((gg.gamma + e.x * e.zbar) * gg.p) / (gg.p * e.x + gg.q - 1) : (gg.gamma * gg.p) / (gg.q - 1);
      let clv = 0;
      for (let k = 1; k <= 12; k++) {
        clv += (aov * (bgNbdExpectedPurchases(bg, c, (k * 365) / 12) - bgNbdExpectedPurchases(bg, c, ((k - 1) * 365) / 12))) / (1 + monthly) ** k;
      }
      const codes: string[] = [];
      if (pAlive < 0.3) codes.push('p_alive_low');
      const before = previous?.get(uuidOf(customer));
      if (before !== undefined && before - pAlive >= 0.2) codes.push('p_alive_drop');
      if (e.previous > 0 && e.recent < e.previous * 0.5) codes.push('spend_down');
      const lastContact = called(customer) ? addDays(FIRST, -10) : null;
      if ((lastContact === null || lastContact < addDays(asOf, -90)) && e.daysSinceLast >= 90) codes.push('no_contact');
      if (complained(customer) && !called(customer)) codes.push('open_complaint');
      if (complained(customer) && called(customer)) codes.push('open_complaint'); // the call came before the complaint
      const risk = 1 - pAlive * codes.reduce((keep, code) => keep * (1 - (WEIGHTS[code as keyof typeof WEIGHTS] ?? 0)), 1);
      const level = risk >= 0.7 ? 'high' : risk >= 0.4 ? 'medium' : 'low';
      const got = row.reasons.map((reason) => reason.code).sort();
      // The figures behind each reason, as stored (the detail text is made from them).
      const figures = Object.fromEntries(row.reasons.map((reason) => [reason.code, reason.data]));
      const lastPurchase = addDays(asOf, -1 - e.daysSinceLast);
      if (figures.p_alive_low && (Math.abs(Number(figures.p_alive_low.pAlive) - Number(pAlive.toFixed(3))) > 1e-9 || figures.p_alive_low.threshold !== 0.3)) {
        mismatches.push(`${customer}: p_alive_low ${JSON.stringify(figures.p_alive_low)}`);
      }
      if (figures.spend_down && (Math.round(Number(figures.spend_down.recent) * 100) !== e.recent || Math.round(Number(figures.spend_down.previous) * 100) !== e.previous || figures.spend_down.days !== 90)) {
        mismatches.push(`${customer}: spend_down ${JSON.stringify(figures.spend_down)} vs ${e.recent}/${e.previous}`);
      }
      if (figures.no_contact && (figures.no_contact.lastPurchase !== lastPurchase || figures.no_contact.lastContact !== lastContact || figures.no_contact.days !== 90)) {
        mismatches.push(`${customer}: no_contact ${JSON.stringify(figures.no_contact)} vs ${lastPurchase} ${lastContact}`);
      }
      if (Math.abs(row.p_alive - pAlive) > 1e-9 || Math.abs(Number(row.expected_aov) - aov) > 0.0051 || Math.abs(Number(row.clv) - clv) > 0.011
        || JSON.stringify(got) !== JSON.stringify([...codes].sort()) || Math.abs(row.risk_score - risk) > 1e-9 || row.risk_level !== level
        || Math.abs(row.expected_purchases_90d - bgNbdExpectedPurchases(bg, c, 90)) > 1e-9) {
        mismatches.push(`${customer}: p ${row.p_alive}/${pAlive} aov ${row.expected_aov}/${aov} clv ${row.clv}/${clv} reasons ${got}/${codes} risk ${row.risk_score}/${risk} ${row.risk_level}/${level}`);
      }
    }
    expect(mismatches.slice(0, 5)).toEqual([]);
    // Value tiers: top 20% / bottom 20% of buyers by margin (ties by id).
    const ranked = [...inputs].sort((a, b) => b[1].margin - a[1].margin || uuidOf(a[0]).localeCompare(uuidOf(b[0])));
    const top = Math.ceil(ranked.length * 0.2);
    const tierOf = new Map(ranked.map(([c], i) => [uuidOf(c), i < top ? 'top' : i >= ranked.length - top ? 'bottom' : 'middle']));
    expect(rows.filter((row) => row.value_tier !== tierOf.get(row.customer_id))).toEqual([]);
    return inputs;
  };

  let firstScores: ScoreRow[] = [];

  it('scores every buyer with the fitted models, the published formulas and the reasons that apply', async () => {
    const run = await runAt(FIRST);
    const fits = run.fits as unknown as { purchaseModel: string; bgNbd: { params: BgNbdParams; status: string }; gammaGamma: { params: GammaGammaParams; status: string } };
    expect(fits.purchaseModel).toBe('bgnbd');
    expect(fits.bgNbd.status).toBe('converged');
    // The run fitted exactly the groups of the raw data: refit them here and compare.
    const inputs = expectedInputs(FIRST);
    const refit = fitBgNbd([...inputs.values()].map((e) => ({ x: e.x, tx: e.tx, T: e.T })));
    for (const name of ['r', 'alpha', 'a', 'b'] as const) expect(relative(fits.bgNbd.params[name], refit.params![name])).toBeLessThan(1e-5);
    // In days: α ≈ 4.414 weeks × 7 (the published CDNOW fit in weeks).
    expect(fits.bgNbd.params.alpha / 7).toBeCloseTo(4.414, 1);
    const ggRefit = fitGammaGamma([...inputs.values()].filter((e) => e.x > 0).map((e) => ({ x: e.x, zbar: e.zbar })));
    for (const name of ['p', 'q', 'gamma'] as const) expect(relative(fits.gammaGamma.params[name], ggRefit.params![name])).toBeLessThan(1e-5);

    // The holdout check: BG/NBD fitted on the histories up to 90 days before, against what each
    // group of customers bought in those 90 days (all CDNOW buyers are in the sample).
    const cut = addDays(FIRST, -90);
    const calibration = expectedInputs(cut);
    const holdoutFit = fitBgNbd([...calibration.values()].map((e) => ({ x: e.x, tx: e.tx, T: e.T })));
    const buckets = new Map<number, { customers: number; actual: number; expected: number }>();
    for (const [customer, e] of calibration) {
      const days = new Set(purchases.filter((p) => p.customer === customer && p.day >= cut && p.day < FIRST).map((p) => p.day)).size;
      const bucket = buckets.get(Math.min(e.x, 7)) ?? { customers: 0, actual: 0, expected: 0 };
      bucket.customers += 1;
      bucket.actual += days;
      bucket.expected += bgNbdExpectedPurchases(holdoutFit.params!, e, 90);
      buckets.set(Math.min(e.x, 7), bucket);
    }
    const holdout = (run.fits as unknown as { holdout: { sampled: number; rows: { frequency: number; customers: number; actual: number; expected: number }[] } }).holdout;
    expect(holdout.sampled).toBe(calibration.size);
    expect(holdout.rows.map((row) => [row.frequency, row.customers, row.actual.toFixed(9)])).toEqual(
      [...buckets].sort((a, b) => a[0] - b[0]).map(([k, b]) => [k, b.customers, (b.actual / b.customers).toFixed(9)]));
    for (const row of holdout.rows) expect(relative(row.expected, buckets.get(row.frequency)!.expected / row.customers)).toBeLessThan(1e-4);

    firstScores = await scores();
    expectScores(FIRST, firstScores, fits);
    // Segments as the RFM analysis counts them.
    const rfm = await rfmSegments(database.db, systemActor, { asOf: FIRST });
    const counts = Object.fromEntries(rfm.segments.filter((s) => s.customers > 0).map((s) => [s.key, s.customers]));
    expect(run.totals?.segments).toEqual(counts);
    expect(run.totals?.buyers).toBe(inputs.size);
    // The day's 80/20 analysis is kept with the run, as the report computes it.
    expect(run.totals?.concentration).toEqual(JSON.parse(JSON.stringify(await valueConcentration(database.db, systemActor, { asOf: FIRST }))));
    // Everyone is new: one history row each.
    expect(await history()).toHaveLength(inputs.size);
    // A staff member sees only their customers in the churn list.
    const all = await listChurnRisk(database.db, systemActor, { levels: ['high', 'medium', 'low'], limit: 200 }, 'en-US');
    const mine = await listChurnRisk(database.db, staff, { levels: ['high', 'medium', 'low'], limit: 200 }, 'en-US');
    expect(all.total).toBe(inputs.size);
    expect(mine.total).toBe([...inputs.keys()].filter((c) => c % 3 === 0).length);
    expect(mine.items.every((item) => Number(item.customerId.slice(-12)) % 3 === 0)).toBe(true);
    expect(mine.items.map((item) => item.riskScore)).toEqual([...mine.items.map((item) => item.riskScore)].sort((a, b) => b - a));
  });

  it('a day later: P(alive) drops are reasons, history is thinned, and a re-run changes nothing', async () => {
    const previous = new Map(firstScores.map((row) => [row.customer_id, row.p_alive]));
    const historyBefore = await history();
    const run = await runAt(SECOND);
    const fits = run.fits as unknown as { bgNbd: { params: BgNbdParams }; gammaGamma: { params: GammaGammaParams } };
    const second = await scores();
    expectScores(SECOND, second, fits, previous);
    expect(second.some((row) => row.reasons.some((reason) => reason.code === 'p_alive_drop'))).toBe(true);
    expect(second.every((row) => row.prev_p_alive === (previous.get(row.customer_id) ?? null))).toBe(true);
    // History rows for the second day: exactly the customers whose level, segment or tier
    // changed, or whose P(alive) moved by 0.05 or more (at risk or not).
    const firstBy = new Map(firstScores.map((row) => [row.customer_id, row]));
    const expectedRows = second.filter((row) => {
      const before = firstBy.get(row.customer_id);
      return !before || row.risk_level !== before.risk_level || row.rfm_segment !== before.rfm_segment
        || row.value_tier !== before.value_tier || Math.abs(row.p_alive - before.p_alive) >= 0.05;
    }).map((row) => row.customer_id).sort();
    const historyAfter = await history();
    expect(historyAfter.filter((row) => row.as_of === SECOND).map((row) => row.customer_id).sort()).toEqual(expectedRows);
    expect(expectedRows.length).toBeLessThan(second.length);
    expect(historyAfter.filter((row) => row.as_of === FIRST)).toEqual(historyBefore);

    // Re-running the same day gives the same scores and history.
    await runAt(SECOND);
    const again = await scores();
    const strip = (rows: ScoreRow[]) => rows.map(({ run_id: _r, updated_at: _u, ...rest }) => rest);
    expect(strip(again)).toEqual(strip(second));
    expect(await history()).toEqual(historyAfter);
  });

  it('a run that fails or dies leaves the current scores as they were, and a dead run is picked up again', async () => {
    const before = await scores();
    const historyBefore = await history();
    // Fails after writing everything, just before commit.
    const queued = await enqueueAnalysisRun(database.db, systemActor, { asOf: '1998-03-01' });
    const failed = await claimAndRunAnalysis(database, { runId: queued.id, afterStep: (step) => {
      if (step === 'write') throw new Error('disk full (test)');
    } });
    expect(failed?.status).toBe('failed');
    expect(failed?.error?.messages['en-US']).toContain('disk full (test)');
    expect(await scores()).toEqual(before);
    expect(await history()).toEqual(historyBefore);

    // A process claims a run and dies (nothing written, lease left behind).
    const orphan = await enqueueAnalysisRun(database.db, systemActor, { asOf: '1998-03-01' });
    const claimed = await claimAnalysisRun(database.db, { workerId: 'dead-process', leaseMs: 60_000, runId: orphan.id });
    expect(claimed?.status).toBe('running');
    // While its lease lasts, nothing else is claimed; once it expires, the run is taken over.
    expect(await claimAndRunAnalysis(database, {})).toBeNull();
    expect(await scores()).toEqual(before);
    await database.raw.query(`UPDATE analysis_runs SET lease_until = now() - interval '1 second' WHERE id = $1`, [orphan.id]);
    const resumed = await claimAndRunAnalysis(database, {});
    expect(resumed).toMatchObject({ id: orphan.id, status: 'done', attempts: 2 });
    expect(await database.raw.query('SELECT DISTINCT as_of::text AS day, run_id FROM customer_scores')).toEqual([{ day: '1998-03-01', run_id: orphan.id }]);
    expect((await getAnalysisRun(database.db, orphan.id)).progress).toEqual({ step: 'done', done: 7, total: 7 });

    // A customer deleted since: the next run drops their scores and their history.
    const gone = uuidOf(customerIds[0]!);
    expect((await database.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM customer_score_history WHERE customer_id = $1', [gone]))[0]!.n).toBeGreaterThan(0);
    await database.raw.query('DELETE FROM customers WHERE id = $1', [gone]);
    await runAt('1998-03-02');
    expect(await database.raw.query('SELECT 1 FROM customer_scores WHERE customer_id = $1', [gone])).toEqual([]);
    expect(await database.raw.query('SELECT 1 FROM customer_score_history WHERE customer_id = $1', [gone])).toEqual([]);
  });

  it('the new scores table replaces the old one with every index and constraint, including one added later', async () => {
    const shape = () => database.raw.query<{ def: string }>(`
      SELECT pg_get_indexdef(indexrelid) AS def FROM pg_index WHERE indrelid = 'customer_scores'::regclass
      UNION ALL SELECT conname || ': ' || pg_get_constraintdef(oid) FROM pg_constraint WHERE conrelid = 'customer_scores'::regclass
      ORDER BY 1`);
    // As a later migration might: another index, and a unique one.
    await database.raw.query('CREATE INDEX customer_scores_clv_idx ON customer_scores (clv DESC) WHERE clv > 0');
    await database.raw.query('ALTER TABLE customer_scores ADD CONSTRAINT customer_scores_run_customer_key UNIQUE (run_id, customer_id)');
    const before = await shape();
    expect(before.map((row) => row.def).join('\n')).toContain('customer_scores_clv_idx');
    const beforeRows = await scores();
    await runAt('1998-03-03');
    expect(await shape()).toEqual(before);
    expect((await scores()).length).toBe(beforeRows.length);
    // The index is used under its own name (the planner sees it, statistics are fresh).
    const plan = await database.raw.query<Record<string, string>>('EXPLAIN SELECT customer_id FROM customer_scores WHERE clv > 0 ORDER BY clv DESC LIMIT 5');
    expect(JSON.stringify(plan)).toContain('customer_scores_clv_idx');
  });
});

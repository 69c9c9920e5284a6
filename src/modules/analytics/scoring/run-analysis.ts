import { hostname } from 'node:os';
import { sql, type SQL } from 'drizzle-orm';
import type { Db, Engine, Executor } from '../../../db/connect.js';
import { AppError } from '../../../shared/errors.js';
import { getCompanySettings } from '../../settings/company-settings.js';
import { systemActor } from '../../users/actor.js';
import type { AnalysisScope } from '../analysis-scope.js';
import { customerSummariesSql } from '../customer-summaries.js';
import { rfmScoresSql } from '../rfm-segments.js';
import { valueConcentration } from '../value-concentration.js';
import { claimAnalysisRun, getAnalysisRun, type AnalysisRun, type RunProgress } from './analysis-runs.js';
import { churnReasons, type ReasonContext } from './churn-reasons.js';
import { fitPurchaseModels } from './fit-purchase-models.js';
import { holdoutCalibration } from './holdout-calibration.js';
import { expectedValueSql } from './expected-value-sql.js';
import { getScoringSettings, type ScoringSettings } from './scoring-settings.js';

/**
 * Runs an analysis: SQL summaries (one pass over orders) → RFM scores and value tiers →
 * BG/NBD (or its fallbacks) and Gamma-Gamma fitted on compressed groups → predictions per
 * group, sent back with UNNEST → churn reasons and risk → scores, history and the run's
 * snapshot written set-based.
 *
 * Everything from the first summary to "done" is ONE transaction (temporary tables dropped
 * at commit): if the process dies (kill -9) or anything fails, PostgreSQL rolls it all back
 * and the previous scores stay as they were. A dead run keeps status 'running' until its
 * lease expires; then any instance claims it again and runs it from the start. A run is a
 * pure function of the data as of its day, so running it twice gives the same scores.
 *
 * Progress is written on a separate connection on PostgreSQL (visible while the run works);
 * PGlite has one connection, held by the run, so there progress is seen when it ends.
 */
export const RUN_STEPS = ['summaries', 'rfm', 'fit', 'predict', 'signals', 'score', 'write'] as const;
export type RunStep = (typeof RUN_STEPS)[number];

export type RunDatabase = { db: Db; engine: Engine };

export type ExecuteRunOptions = {
  workerId?: string;
  leaseMs?: number;
  /** Called after each step inside the run's transaction (tests make a run fail here). */
  afterStep?: (step: RunStep, tx: Executor) => Promise<void> | void;
  log?: (line: string) => void;
};

export const DEFAULT_LEASE_MS = 10 * 60_000;

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

type Rows<T> = { rows: T[] };

async function rows<T>(db: Executor, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as Rows<T>).rows;
}

/** Claims the next run (or the given one) and executes it. Null when there was nothing to claim. */
export async function claimAndRunAnalysis(database: RunDatabase, options: ExecuteRunOptions & { runId?: string } = {}): Promise<AnalysisRun | null> {
  const workerId = options.workerId ?? defaultWorkerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const run = await claimAnalysisRun(database.db, { workerId, leaseMs, runId: options.runId });
  if (!run) return null;
  return executeAnalysisRun(database, run, { ...options, workerId, leaseMs });
}

export async function executeAnalysisRun(database: RunDatabase, run: AnalysisRun, options: ExecuteRunOptions = {}): Promise<AnalysisRun> {
  const { db } = database;
  const workerId = options.workerId ?? defaultWorkerId();
  const leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
  const started = performance.now();
  const timings: Record<string, number> = {};
  try {
    await db.transaction(async (tx) => {
      // Progress on another connection where there is one (it must be seen while the run works).
      const progressDb: Executor = database.engine === 'postgres' ? db : tx;
      let stepStarted = performance.now();
      const step = async (name: RunStep, index: number) => {
        const progress: RunProgress = { step: name, done: index, total: RUN_STEPS.length };
        await progressDb.execute(sql`
          UPDATE analysis_runs SET progress = ${JSON.stringify(progress)}::jsonb, updated_at = now(),
                 lease_until = now() + ${leaseMs} * interval '1 millisecond'
           WHERE id = ${run.id} AND claimed_by = ${workerId}`);
      };
      const finished = async (name: RunStep, index: number) => {
        timings[name] = Math.round(performance.now() - stepStarted);
        options.log?.(`${name}: ${(timings[name]! / 1000).toFixed(2)} s`);
        await options.afterStep?.(name, tx);
        if (index + 1 < RUN_STEPS.length) await step(RUN_STEPS[index + 1]!, index + 1);
        stepStarted = performance.now();
      };
      await tx.execute(sql.raw(`SET LOCAL work_mem = '${database.engine === 'postgres' ? 256 : 64}MB'`));
      if (database.engine === 'postgres') await tx.execute(sql`SET LOCAL max_parallel_workers_per_gather = 2`);
      // Every join below pairs whole tables of a million rows: a nested loop is never right.
      await tx.execute(sql`SET LOCAL enable_nestloop = off`);
      await step('summaries', 0);

      const settings = await getScoringSettings(tx);
      const { timeZone } = await getCompanySettings(tx);
      const scope: AnalysisScope = { actor: systemActor, asOf: run.asOf, timeZone };

      // 1. Summaries: the one pass over orders.
      await tx.execute(sql`CREATE TEMP TABLE wx_summaries ON COMMIT DROP AS ${customerSummariesSql(scope)}`);
      await tx.execute(sql`ANALYZE wx_summaries`);
      await finished('summaries', 0);

      // 2. RFM scores and segments, value tiers by profit (top 20% / middle 60% / bottom 20%,
      //    ranked as in value-concentration.ts).
      await tx.execute(sql`
        CREATE TEMP TABLE wx_rfm ON COMMIT DROP AS
        SELECT rfm.customer_id, rfm.r, rfm.f, rfm.m, rfm.segment,
               CASE WHEN t.profit_down <= t.top THEN 'top' WHEN t.profit_down > t.n - t.top THEN 'bottom' ELSE 'middle' END AS tier
          FROM (${rfmScoresSql(scope, settings.lostAfterDays, sql`SELECT * FROM wx_summaries`)}) rfm
          JOIN (SELECT customer_id, row_number() OVER (ORDER BY margin DESC, customer_id) AS profit_down,
                       count(*) OVER () AS n, ceil(count(*) OVER () * 0.2) AS top
                  FROM wx_summaries) t ON t.customer_id = rfm.customer_id`);
      // Statistics for every temporary table: without them the planner guesses and, with a
      // million rows, a wrong guess (a nested loop) costs minutes.
      await tx.execute(sql`ANALYZE wx_rfm`);
      // The 80/20 analysis of the day (Lorenz, Gini, whale curve) from the same summaries: kept
      // with the run as part of the daily snapshot.
      const concentration = await valueConcentration(tx, systemActor, { asOf: run.asOf }, sql`SELECT * FROM wx_summaries`);
      await finished('rfm', 1);

      // 3. Fits on compressed groups.
      const groupRows = await rows<{ x: number; tx: number; t: number; n: number }>(tx, sql`
        SELECT frequency AS x, recency_days AS tx, tenure_days AS t, count(*)::int AS n FROM wx_summaries GROUP BY 1, 2, 3`);
      const spendRows = await rows<{ x: number; zbar: number; n: number }>(tx, sql`
        SELECT frequency AS x, repeat_value::float8 AS zbar, count(*)::int AS n FROM wx_summaries
         WHERE frequency > 0 AND repeat_value > 0 GROUP BY 1, 2`);
      const pooled = await rows<{ aov: number | null }>(tx, sql`SELECT (sum(revenue) / nullif(sum(orders), 0))::float8 AS aov FROM wx_summaries`);
      const groups = groupRows.map((row) => ({ x: Number(row.x), tx: Number(row.tx), T: Number(row.t), count: Number(row.n) }));
      const spend = spendRows.map((row) => ({ x: Number(row.x), zbar: Number(row.zbar), count: Number(row.n) }));
      const { fits, predictions, gammaGamma, timings: modelTimings } = fitPurchaseModels(groups, spend, settings);
      Object.assign(timings, { fitBgNbd: modelTimings.bgNbd, fitParetoNbd: modelTimings.paretoNbd, fitGammaGamma: modelTimings.gammaGamma, predictGroups: modelTimings.predict });
      const holdoutStarted = performance.now();
      fits.holdout = await holdoutCalibration(tx, scope);
      timings.holdoutCheck = Math.round(performance.now() - holdoutStarted);
      await finished('fit', 2);

      // 4. Predictions per group back into the database, in chunks of arrays.
      await tx.execute(sql`CREATE TEMP TABLE wx_predictions (x int, tx int, t int, p_alive float8, e90 float8, disc float8) ON COMMIT DROP`);
      const CHUNK = 50_000;
      for (let from = 0; from < groups.length; from += CHUNK) {
        const to = Math.min(groups.length, from + CHUNK);
        const part = <T extends Int32Array | Float64Array>(a: T) => sql.param(Array.from(a.subarray(from, to)));
        await tx.execute(sql`
          INSERT INTO wx_predictions
          SELECT * FROM unnest(${part(predictions.x)}::int[], ${part(predictions.tx)}::int[], ${part(predictions.T)}::int[],
                               ${part(predictions.pAlive)}::float8[], ${part(predictions.expected90)}::float8[], ${part(predictions.discountedPurchases)}::float8[])`);
      }
      await tx.execute(sql`ANALYZE wx_predictions`);
      await finished('predict', 3);

      // 5. Signals the churn reasons need (spend windows, contacts …), one temporary table per source.
      const ctx: ReasonContext = {
        asOf: run.asOf,
        timeZone,
        settings,
        dayStart: (days) => sql`(((${run.asOf}::date - ${days}::int)::timestamp) AT TIME ZONE ${timeZone})`,
      };
      const reasons = churnReasons();
      const sources = new Map(reasons.flatMap((reason) => reason.sources ?? []).map((source) => [source.name, source]));
      for (const source of sources.values()) {
        if (!/^[a-z][a-z0-9_]*$/.test(source.name)) throw new Error(`invalid reason source name ${source.name}`);
        await tx.execute(sql`CREATE TEMP TABLE ${sql.raw(`wx_src_${source.name}`)} ON COMMIT DROP AS ${source.select(ctx)}`);
        await tx.execute(sql`ANALYZE ${sql.raw(`wx_src_${source.name}`)}`);
      }
      await finished('signals', 4);

      // 6. Base rows (with the previous scores), then reasons and risk.
      const aov = expectedValueSql(gammaGamma, pooled[0]?.aov ?? 0);
      // Last night's rows were bulk-inserted: autovacuum may not have counted them yet.
      await tx.execute(sql`ANALYZE customer_scores`);
      await tx.execute(sql`
        CREATE TEMP TABLE wx_base ON COMMIT DROP AS
        SELECT s.customer_id, s.first_day, s.last_day, s.frequency, s.recency_days, s.tenure_days, s.days_since_last,
               s.revenue, s.margin, r.r, r.f, r.m, r.segment, r.tier, p.p_alive, p.e90,
               round(${aov}::numeric, 2) AS expected_aov,
               round((${aov} * p.disc * ${settings.clvMargin}::float8)::numeric, 2) AS clv,
               CASE WHEN old.as_of < ${run.asOf}::date THEN old.p_alive WHEN old.as_of = ${run.asOf}::date THEN old.prev_p_alive END AS prev_p_alive,
               CASE WHEN old.as_of < ${run.asOf}::date THEN old.as_of WHEN old.as_of = ${run.asOf}::date THEN old.prev_as_of END AS prev_as_of,
               CASE WHEN old.as_of < ${run.asOf}::date THEN old.risk_level WHEN old.as_of = ${run.asOf}::date THEN old.prev_risk_level END AS prev_risk_level,
               CASE WHEN old.as_of < ${run.asOf}::date THEN old.rfm_segment WHEN old.as_of = ${run.asOf}::date THEN old.prev_rfm_segment END AS prev_rfm_segment,
               CASE WHEN old.as_of < ${run.asOf}::date THEN old.value_tier WHEN old.as_of = ${run.asOf}::date THEN old.prev_value_tier END AS prev_value_tier,
               old.customer_id IS NOT NULL AS scored_before, old.hist_as_of, old.hist_p_alive
          FROM wx_summaries s
          JOIN wx_rfm r ON r.customer_id = s.customer_id
          JOIN wx_predictions p ON p.x = s.frequency AND p.tx = s.recency_days AND p.t = s.tenure_days
          LEFT JOIN customer_scores old ON old.customer_id = s.customer_id`);
      await tx.execute(sql`ANALYZE wx_base`);
      const joins = [...sources.keys()].map((name) => sql`LEFT JOIN ${sql.raw(`wx_src_${name}`)} AS ${sql.raw(name)} ON ${sql.raw(name)}.customer_id = b.customer_id`);
      const applies = reasons.map((reason) => sql`coalesce((${reason.when(ctx)}), false)`);
      const found = reasons.map((reason, i) => sql`CASE WHEN ${applies[i]!} THEN jsonb_build_object('code', ${reason.code}::text, 'data', ${reason.data(ctx)}) END`);
      const keep = reasons.map((reason, i) => sql`(CASE WHEN ${applies[i]!} THEN ${1 - reason.weight}::float8 ELSE 1 END)`);
      const reasonList = reasons.length ? sql`to_jsonb(array_remove(ARRAY[${sql.join(found, sql`, `)}]::jsonb[], NULL))` : sql`'[]'::jsonb`;
      const risk = sql`least(1, greatest(0, 1 - b.p_alive${reasons.length ? sql` * ${sql.join(keep, sql` * `)}` : sql``}))`;
      await tx.execute(sql`
        CREATE TEMP TABLE wx_scored ON COMMIT DROP AS
        SELECT y.*, CASE WHEN y.risk_score >= ${settings.highRisk} THEN 'high' WHEN y.risk_score >= ${settings.mediumRisk} THEN 'medium' ELSE 'low' END AS risk_level
          FROM (SELECT b.*, ${reasonList} AS reasons, ${risk} AS risk_score FROM wx_base b ${sql.join(joins, sql` `)}) y`);
      await tx.execute(sql`ANALYZE wx_scored`);
      await finished('score', 5);

      // 7. Write: current scores (customers who are no longer buyers — orders deleted or moved
      //    by a merge — drop out), thinned history, the run's snapshot.
      const record = sql`(NOT sc.scored_before OR sc.hist_as_of = ${run.asOf}::date OR sc.risk_level <> 'low'
        OR sc.prev_risk_level IS DISTINCT FROM sc.risk_level OR sc.prev_rfm_segment IS DISTINCT FROM sc.segment
        OR sc.prev_value_tier IS DISTINCT FROM sc.tier OR sc.hist_p_alive IS NULL
        OR abs(sc.p_alive - sc.hist_p_alive) >= ${settings.historyMinChange})`;
      // Replace the table's contents rather than upsert a million rows: TRUNCATE is
      // transactional (a failed or killed run restores the old rows) and leaves no dead rows;
      // readers wait for this last step's commit (seconds) instead of seeing half a run.
      // wx_base already holds what the new rows need of the old ones.
      let writeStarted = performance.now();
      // History of customers deleted since the last run (they had scores; no foreign key cascades).
      await tx.execute(sql`
        DELETE FROM customer_score_history h USING customer_scores cs
         WHERE h.customer_id = cs.customer_id AND NOT EXISTS (SELECT 1 FROM customers c WHERE c.id = cs.customer_id)`);
      await tx.execute(sql`TRUNCATE customer_scores`);
      await tx.execute(sql`
        INSERT INTO customer_scores (customer_id, run_id, as_of, first_day, last_day, frequency, recency_days, tenure_days, revenue, margin,
               rfm_r, rfm_f, rfm_m, rfm_segment, value_tier, p_alive, prev_p_alive, prev_as_of, prev_risk_level, prev_rfm_segment, prev_value_tier,
               expected_purchases_90d, expected_aov, clv, risk_score, risk_level, reasons, hist_as_of, hist_p_alive, updated_at)
        SELECT sc.customer_id, ${run.id}, ${run.asOf}, sc.first_day, sc.last_day, sc.frequency, sc.recency_days, sc.tenure_days, sc.revenue, sc.margin,
               sc.r, sc.f, sc.m, sc.segment, sc.tier, sc.p_alive, sc.prev_p_alive, sc.prev_as_of, sc.prev_risk_level, sc.prev_rfm_segment, sc.prev_value_tier,
               sc.e90, sc.expected_aov, sc.clv, sc.risk_score, sc.risk_level, sc.reasons,
               CASE WHEN ${record} THEN ${run.asOf}::date ELSE sc.hist_as_of END,
               CASE WHEN ${record} THEN sc.p_alive ELSE sc.hist_p_alive END, now()
          FROM wx_scored sc
          JOIN customers c ON c.id = sc.customer_id`);
      timings.writeScores = Math.round(performance.now() - writeStarted);
      writeStarted = performance.now();
      await tx.execute(sql`
        INSERT INTO customer_score_history (customer_id, as_of, run_id, p_alive, risk_score, risk_level, rfm_segment, value_tier, clv)
        SELECT sc.customer_id, ${run.asOf}, ${run.id}, sc.p_alive, sc.risk_score, sc.risk_level, sc.segment, sc.tier, sc.clv
          FROM wx_scored sc JOIN customers c ON c.id = sc.customer_id
         WHERE ${record}
        ON CONFLICT (customer_id, as_of) DO UPDATE SET run_id = EXCLUDED.run_id, p_alive = EXCLUDED.p_alive, risk_score = EXCLUDED.risk_score,
          risk_level = EXCLUDED.risk_level, rfm_segment = EXCLUDED.rfm_segment, value_tier = EXCLUDED.value_tier, clv = EXCLUDED.clv`);
      timings.writeHistory = Math.round(performance.now() - writeStarted);
      writeStarted = performance.now();
      const [totals] = await rows<Record<string, unknown>>(tx, sql`
        SELECT count(*)::int AS buyers,
               count(*) FILTER (WHERE risk_level = 'high')::int AS high,
               count(*) FILTER (WHERE risk_level = 'medium')::int AS medium,
               count(*) FILTER (WHERE risk_level = 'low')::int AS low,
               coalesce(sum(clv), 0)::text AS "totalClv",
               coalesce(avg(p_alive), 0)::float8 AS "meanPAlive",
               coalesce(sum(e90), 0)::float8 AS "expectedPurchases90d",
               (SELECT coalesce(jsonb_object_agg(segment, n), '{}') FROM (SELECT segment, count(*)::int AS n FROM wx_scored GROUP BY 1) x) AS segments,
               (SELECT coalesce(jsonb_object_agg(tier, n), '{}') FROM (SELECT tier, count(*)::int AS n FROM wx_scored GROUP BY 1) x) AS tiers,
               (SELECT coalesce(jsonb_object_agg(code, n), '{}') FROM (SELECT e->>'code' AS code, count(*)::int AS n FROM wx_scored, jsonb_array_elements(reasons) e GROUP BY 1) x) AS reasons,
               (SELECT count(*)::int FROM customer_score_history WHERE as_of = ${run.asOf}::date) AS "historyRows"
          FROM wx_scored`);
      timings.writeTotals = Math.round(performance.now() - writeStarted);
      timings.total = Math.round(performance.now() - started);
      const params = { ...settings, timeZone, groups: groups.length, spendGroups: spend.length, timings };
      Object.assign(totals!, { concentration });
      await tx.execute(sql`
        UPDATE analysis_runs SET status = 'done', finished_at = now(), updated_at = now(), lease_until = NULL, error = NULL,
               progress = ${JSON.stringify({ step: 'done', done: RUN_STEPS.length, total: RUN_STEPS.length })}::jsonb,
               params = ${JSON.stringify(params)}::jsonb, fits = ${JSON.stringify(fits)}::jsonb, totals = ${JSON.stringify(totals)}::jsonb
         WHERE id = ${run.id}`);
      await options.afterStep?.('write', tx);
    });
  } catch (error) {
    const failure = error instanceof AppError
      ? { code: error.code, messages: error.messages }
      : { code: 'run_failed', messages: { 'zh-CN': `分析失败：${String((error as Error)?.message ?? error)}`, 'en-US': `Analysis failed: ${String((error as Error)?.message ?? error)}` } };
    options.log?.(`run ${run.id} failed: ${failure.messages['en-US']}`);
    await db.execute(sql`
      UPDATE analysis_runs SET status = 'failed', finished_at = now(), updated_at = now(), lease_until = NULL, error = ${JSON.stringify(failure)}::jsonb
       WHERE id = ${run.id}`);
  }
  return getAnalysisRun(db, run.id);
}


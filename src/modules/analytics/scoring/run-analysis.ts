import { hostname } from 'node:os';
import { sql } from 'drizzle-orm';
import type { Db, Engine, Executor } from '../../../db/connect.js';
import { AppError } from '../../../shared/errors.js';
import { getCompanySettings } from '../../settings/company-settings.js';
import { systemActor } from '../../users/actor.js';
import type { AnalysisScope } from '../analysis-scope.js';
import { customerSummariesSql, partitionedSummariesSql } from '../customer-summaries.js';
import { concentrationOf } from '../value-concentration.js';
import { claimAnalysisRun, getAnalysisRun, type AnalysisRun, type RunProgress } from './analysis-runs.js';
import { churnReasons, type ReasonContext } from './churn-reasons.js';
import { fitPurchaseModels } from './fit-purchase-models.js';
import { holdoutCalibration } from './holdout-calibration.js';
import { expectedValueSql } from './expected-value-sql.js';
import { readFitInputs } from './fit-inputs.js';
import { readRunTotals } from './run-totals.js';
import { readRankCuts } from './rank-cuts.js';
import { SCORE_COLUMNS, scoreRowsSql } from './score-rows-sql.js';
import { customerIdCuts, PARTITIONED_PLAN_SETTINGS, withPlanSettings } from './summary-partitions.js';
import { createNextScoresTable, indexNextScoresTable, swapInNextScoresTable } from './scores-table-swap.js';
import { getScoringSettings } from './scoring-settings.js';

/**
 * Runs an analysis: SQL summaries (one pass over orders, in parallel branches) → RFM cut
 * values and value-tier edges → BG/NBD (or its fallbacks) and Gamma-Gamma fitted on
 * compressed groups, while the database computes the day's 80/20 analysis → predictions per
 * group, sent back with UNNEST → signals → every buyer's scores, reasons and risk in one
 * statement into a fresh table → history, snapshot, and the new table swapped in.
 * docs/analytics.md, "What a run does", has the steps and why.
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

/** Summary branches on PostgreSQL: the parallel workers the run allows itself (max_parallel_workers_per_gather). */
const SUMMARY_BRANCHES = 2;

export function defaultWorkerId(): string {
  return `${hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
}

/**
 * Gives a query just started with .then() the turn to reach the server before the event
 * loop is blocked by synchronous work (the model fits), so both run at once.
 */
function letQueryStart(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
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

      // 1. Summaries: the one pass over orders. On PostgreSQL in one branch per customer-id
      //    range, each branch in its own process (summary-partitions.ts).
      if (database.engine === 'postgres') {
        const cuts = await customerIdCuts(tx, SUMMARY_BRANCHES);
        await withPlanSettings(tx, PARTITIONED_PLAN_SETTINGS, () =>
          tx.execute(sql`CREATE TEMP TABLE wx_summaries ON COMMIT DROP AS ${partitionedSummariesSql(scope, cuts, settings.spendWindowDays)}`));
      } else {
        await tx.execute(sql`CREATE TEMP TABLE wx_summaries ON COMMIT DROP AS ${customerSummariesSql(scope, { spendWindowDays: settings.spendWindowDays })}`);
      }
      await tx.execute(sql`ANALYZE wx_summaries`);
      await finished('summaries', 0);

      // 2. RFM cut values and value-tier edges (rank-cuts.ts): the scores themselves are
      //    computed as the rows are written.
      const cuts = await readRankCuts(tx, 'wx_summaries');
      await finished('rfm', 1);

      // 3. Fits on compressed groups (fit-inputs.ts). While Node fits, PostgreSQL computes the
      //    day's 80/20 analysis (Lorenz, Gini, whale curve) from the same summaries: the query
      //    is sent before the fit starts and read after it ends.
      const { groups, spend, pooledOrderValue } = await readFitInputs(tx, 'wx_summaries');
      const concentrationPending = concentrationOf(tx, run.asOf, sql`SELECT * FROM wx_summaries`);
      // Handled below; this keeps a failure during the fit from also surfacing as an unhandled rejection.
      concentrationPending.catch(() => undefined);
      await letQueryStart();
      const { fits, predictions, gammaGamma, timings: modelTimings } = fitPurchaseModels(groups, spend, settings);
      Object.assign(timings, { fitBgNbd: modelTimings.bgNbd, fitParetoNbd: modelTimings.paretoNbd, fitGammaGamma: modelTimings.gammaGamma, predictGroups: modelTimings.predict });
      const waitStarted = performance.now();
      const concentration = await concentrationPending;
      timings.concentrationWait = Math.round(performance.now() - waitStarted);
      const holdoutStarted = performance.now();
      fits.holdout = await holdoutCalibration(tx, scope);
      timings.holdoutCheck = Math.round(performance.now() - holdoutStarted);
      await finished('fit', 2);

      // 4. Predictions per group back into the database, in chunks of arrays. Each array goes
      //    as one '{…}' text (typed-array join) rather than a JS array the driver would quote
      //    element by element; numbers print in their shortest exact form.
      await tx.execute(sql`CREATE TEMP TABLE wx_predictions (x int, tx int, t int, p_alive float8, e90 float8, disc float8) ON COMMIT DROP`);
      const CHUNK = 100_000;
      for (let from = 0; from < groups.length; from += CHUNK) {
        const to = Math.min(groups.length, from + CHUNK);
        const part = <T extends Int32Array | Float64Array>(a: T) => `{${a.subarray(from, to).join(',')}}`;
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

      // 6. The day's scores, written in one statement into a fresh table (scores-table-swap.ts)
      //    that replaces customer_scores at the end; customers deleted since the summaries drop out.
      await createNextScoresTable(tx);
      let writeStarted = performance.now();
      if (cuts) {
        const expectedValue = expectedValueSql(gammaGamma, pooledOrderValue);
        // Hash joins only: the planner underestimates the (x, t_x, T) join by 10× and sorted
        // a million summaries and all predictions for a merge join instead.
        await withPlanSettings(tx, { enable_mergejoin: 'off' }, () => tx.execute(sql`
          INSERT INTO customer_scores_next (${sql.raw(SCORE_COLUMNS.join(', '))})
          ${scoreRowsSql({ runId: run.id, asOf: run.asOf, settings, cuts, expectedValue, reasons, sources, ctx })}`));
      }
      timings.writeScores = Math.round(performance.now() - writeStarted);
      writeStarted = performance.now();
      const indexPlan = await indexNextScoresTable(tx);
      timings.indexScores = Math.round(performance.now() - writeStarted);
      await finished('score', 5);

      // 7. History (thinned: the rows whose hist_as_of the run set to today; a deleted
      //    customer's history goes with them, migration 0007), the run's snapshot, and last
      //    the swap: readers of scores wait only from here to the commit.
      writeStarted = performance.now();
      await tx.execute(sql`
        INSERT INTO customer_score_history (customer_id, as_of, run_id, p_alive, risk_score, risk_level, rfm_segment, value_tier, clv)
        SELECT customer_id, as_of, run_id, p_alive, risk_score, risk_level, rfm_segment, value_tier, clv
          FROM customer_scores_next WHERE hist_as_of = ${run.asOf}::date
        ON CONFLICT (customer_id, as_of) DO UPDATE SET run_id = EXCLUDED.run_id, p_alive = EXCLUDED.p_alive, risk_score = EXCLUDED.risk_score,
          risk_level = EXCLUDED.risk_level, rfm_segment = EXCLUDED.rfm_segment, value_tier = EXCLUDED.value_tier, clv = EXCLUDED.clv`);
      timings.writeHistory = Math.round(performance.now() - writeStarted);
      writeStarted = performance.now();
      const totals = await readRunTotals(tx, run.asOf, reasons.map((reason) => reason.code));
      timings.writeTotals = Math.round(performance.now() - writeStarted);
      writeStarted = performance.now();
      await swapInNextScoresTable(tx, indexPlan);
      timings.swap = Math.round(performance.now() - writeStarted);
      timings.total = Math.round(performance.now() - started);
      const params = { ...settings, timeZone, groups: groups.length, spendGroups: spend.length, timings };
      Object.assign(totals, { concentration });
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


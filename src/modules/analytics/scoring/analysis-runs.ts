import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../../db/connect.js';
import { decodeCursor, exactTimestamp, invalidCursor, pageInput, pageOf } from '../../../shared/cursor.js';
import { ForbiddenError, NotFoundError, type Messages } from '../../../shared/errors.js';
import { newId } from '../../../shared/ids.js';
import { parseInput } from '../../../shared/parse-input.js';
import { writeAudit } from '../../audit/write-audit.js';
import { isManager, type Actor } from '../../users/actor.js';
import { analysisInput, resolveScope } from '../analysis-scope.js';

/** An analysis run (a job): queued → running → done | failed. See run-analysis.ts. */
export type RunStatus = 'queued' | 'running' | 'done' | 'failed';
export type RunProgress = { step: string; done: number; total: number };
export type RunError = { code: string; messages: Messages };

export type AnalysisRun = {
  id: string;
  asOf: string;
  status: RunStatus;
  progress: RunProgress;
  params: Record<string, unknown>;
  fits: Record<string, unknown> | null;
  totals: Record<string, unknown> | null;
  error: RunError | null;
  attempts: number;
  requestedBy: string | null;
  createdAt: Date;
  startedAt: Date | null;
  finishedAt: Date | null;
};

type RunRow = Omit<AnalysisRun, 'createdAt' | 'startedAt' | 'finishedAt'> & {
  createdAt: Date | string; startedAt: Date | string | null; finishedAt: Date | string | null; sortKey: string;
};

const runColumns = sql`id, to_char(as_of, 'YYYY-MM-DD') AS "asOf", status, progress, params, fits, totals, error, attempts,
  requested_by AS "requestedBy", created_at AS "createdAt", started_at AS "startedAt", finished_at AS "finishedAt",
  ${exactTimestamp(sql`created_at`)} AS "sortKey"`;

const json = <T>(value: T | string): T => (typeof value === 'string' ? (JSON.parse(value) as T) : value);
const date = (value: Date | string | null): Date | null => (value === null ? null : new Date(value));

function toRun(row: RunRow): AnalysisRun {
  return {
    id: row.id, asOf: row.asOf, status: row.status, progress: json(row.progress), params: json(row.params) ?? {},
    fits: json(row.fits), totals: json(row.totals), error: json(row.error), attempts: Number(row.attempts),
    requestedBy: row.requestedBy, createdAt: new Date(row.createdAt), startedAt: date(row.startedAt), finishedAt: date(row.finishedAt),
  };
}

const runEntity = { 'zh-CN': '分析任务', 'en-US': 'Analysis run' };

/**
 * Queues a run as of a day (default today, company time). Only managers and admins: a run
 * scores every customer. A run already queued or running for that day is returned instead
 * of a second one.
 */
export async function enqueueAnalysisRun(db: Executor, actor: Actor, input: z.input<typeof analysisInput> = {}): Promise<AnalysisRun> {
  if (!isManager(actor)) throw new ForbiddenError();
  const scope = await resolveScope(db, actor, parseInput(analysisInput, input));
  return db.transaction(async (tx) => {
    const pending = (await tx.execute(sql`
      SELECT ${runColumns} FROM analysis_runs WHERE as_of = ${scope.asOf} AND status IN ('queued', 'running')
       ORDER BY created_at LIMIT 1`)) as unknown as { rows: RunRow[] };
    if (pending.rows[0]) return toRun(pending.rows[0]);
    const id = newId();
    const inserted = (await tx.execute(sql`
      INSERT INTO analysis_runs (id, as_of, requested_by) VALUES (${id}, ${scope.asOf}, ${actor.userId})
      RETURNING ${runColumns}`)) as unknown as { rows: RunRow[] };
    await writeAudit(tx, actor, { action: 'analysis_run.create', entity: 'analysis_run', entityId: id, data: { asOf: scope.asOf } });
    return toRun(inserted.rows[0]!);
  });
}

export async function getAnalysisRun(db: Executor, id: string): Promise<AnalysisRun> {
  const result = (await db.execute(sql`SELECT ${runColumns} FROM analysis_runs WHERE id = ${id}`)) as unknown as { rows: RunRow[] };
  if (!result.rows[0]) throw new NotFoundError(runEntity, id);
  return toRun(result.rows[0]);
}

export const listRunsInput = z.strictObject({ ...pageInput, limit: pageInput.limit.default(20) });

/** Runs, latest first, keyset-paged. */
export async function listAnalysisRuns(db: Executor, input: z.input<typeof listRunsInput> = {}): Promise<{ items: AnalysisRun[]; nextCursor: string | null }> {
  const options = parseInput(listRunsInput, input);
  let after = sql`true`;
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor);
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(cursor.v)) throw invalidCursor();
    after = sql`(created_at, id) < (${cursor.v}::timestamptz, ${cursor.id}::uuid)`;
  }
  const result = (await db.execute(sql`
    SELECT ${runColumns} FROM analysis_runs WHERE ${after} ORDER BY created_at DESC, id DESC LIMIT ${options.limit + 1}`)) as unknown as { rows: RunRow[] };
  const { page, nextCursor } = pageOf(result.rows, options.limit);
  return { items: page.map(toRun), nextCursor };
}

/** The latest finished run: the one whose scores are current. */
export async function latestDoneRun(db: Executor): Promise<AnalysisRun | null> {
  const result = (await db.execute(sql`
    SELECT ${runColumns} FROM analysis_runs WHERE status = 'done' ORDER BY finished_at DESC LIMIT 1`)) as unknown as { rows: RunRow[] };
  return result.rows[0] ? toRun(result.rows[0]) : null;
}

/** Any fixed number: claims of analysis runs take turns, so two instances never run two at once. */
const CLAIM_LOCK_KEY = 7_041_995;

export type ClaimRunOptions = { workerId: string; leaseMs: number; maxAttempts?: number; runId?: string };

/**
 * Claims the oldest queued run, or a running one whose lease expired (its process died), in
 * one statement with FOR UPDATE SKIP LOCKED. Runs take turns: nothing is claimed while another
 * run holds a live lease (their writes would only overwrite each other). A run that died
 * `maxAttempts` times is marked failed instead of being tried forever.
 */
export async function claimAnalysisRun(db: Executor, options: ClaimRunOptions): Promise<AnalysisRun | null> {
  const maxAttempts = options.maxAttempts ?? 3;
  return db.transaction(async (tx) => {
    await tx.execute(sql`SELECT pg_advisory_xact_lock(${CLAIM_LOCK_KEY})`);
    await tx.execute(sql`
      UPDATE analysis_runs SET status = 'failed', finished_at = now(), updated_at = now(), lease_until = NULL,
             error = ${JSON.stringify({ code: 'run_died', messages: { 'zh-CN': `分析进程中断 ${maxAttempts} 次，已停止重试`, 'en-US': `The analysis process died ${maxAttempts} times; not retried again` } })}::jsonb
       WHERE status = 'running' AND lease_until < now() AND attempts >= ${maxAttempts}`);
    const busy = (await tx.execute(sql`
      SELECT 1 FROM analysis_runs WHERE status = 'running' AND lease_until >= now() LIMIT 1`)) as unknown as { rows: unknown[] };
    if (busy.rows.length > 0) return null;
    const only = options.runId ? sql`AND id = ${options.runId}` : sql``;
    const claimed = (await tx.execute(sql`
      WITH picked AS (
        SELECT id FROM analysis_runs
         WHERE (status = 'queued' OR (status = 'running' AND lease_until < now())) ${only}
         ORDER BY created_at LIMIT 1 FOR UPDATE SKIP LOCKED
      )
      UPDATE analysis_runs r
         SET status = 'running', attempts = r.attempts + 1, claimed_by = ${options.workerId},
             lease_until = now() + ${options.leaseMs} * interval '1 millisecond', started_at = now(), updated_at = now(),
             progress = '{"step": "claimed", "done": 0, "total": 0}'
        FROM picked WHERE r.id = picked.id
      RETURNING ${sql.raw(`r.id, to_char(r.as_of, 'YYYY-MM-DD') AS "asOf", r.status, r.progress, r.params, r.fits, r.totals, r.error, r.attempts,
        r.requested_by AS "requestedBy", r.created_at AS "createdAt", r.started_at AS "startedAt", r.finished_at AS "finishedAt", '' AS "sortKey"`)}`)) as unknown as { rows: RunRow[] };
    return claimed.rows[0] ? toRun(claimed.rows[0]) : null;
  });
}

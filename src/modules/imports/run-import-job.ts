import { eq, sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/connect.js';
import { AppError, ConflictError, NotFoundError } from '../../shared/errors.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import type { SourceRow, SourceTable } from './contract.js';
import { importJobEntity, toImportJobView, type ImportJobView } from './get-import-job.js';
import { importOptionsInput, type ImportOptions } from './import-options.js';
import { appendReportRows, type ReportRow } from './row-report.js';
import { importJobs } from './schema.js';

export type Counts = { created: number; updated: number; unchanged: number; rejected: number };

export type BatchContext = { jobId: string; actor: Actor; options: ImportOptions; startedAt: Date; fileName: string };

export type BatchOutcome = { counts: Counts; reports: ReportRow[]; audit: Record<string, unknown> };

/**
 * What differs between customer and order imports. `prepareRow` is pure CPU work on one
 * row (mapping, normalising, search fields) and runs while the previous batch is being
 * written; `write` decides and writes inside the batch's transaction, from the database
 * state alone.
 */
export type BatchProcessor<Prepared> = {
  prepareRow(row: SourceRow): Prepared;
  /** False when a batch must not end between these rows (the line items of one order). */
  canSplit?(before: SourceRow, after: SourceRow): boolean;
  write(tx: Executor, prepared: Prepared[], context: BatchContext): Promise<BatchOutcome>;
};


export type RunImportJobOptions = {
  /** Roll everything back at the end, keeping only the job's counts and report. */
  dryRun?: boolean;
  onProgress?: (job: ImportJobView) => void;
  /** Stop after the batch in flight; the job stays resumable. */
  signal?: AbortSignal;
};

/** Reports kept when a whole import is rolled back (all-or-nothing, dry run); the counts stay exact. */
const MAX_KEPT_REPORTS = 100_000;

class RollBack extends Error {}

/**
 * Runs (or resumes) an import job over a freshly opened source. Each batch commits its
 * writes, its report rows, its audit row and the job's new position in one transaction,
 * after checking that the position is still the one this run expects; so a job killed at
 * any point resumes from its last committed batch, and two runners of one job cannot both
 * write a batch. All-or-nothing imports and dry runs run every batch in one transaction.
 */
export async function runImportJob<Prepared>(
  db: Db,
  actor: Actor,
  jobId: string,
  source: SourceTable,
  processor: BatchProcessor<Prepared>,
  options: RunImportJobOptions = {},
): Promise<ImportJobView> {
  const [job] = await db.select().from(importJobs).where(eq(importJobs.id, jobId));
  if (!job) throw new NotFoundError(importJobEntity, jobId);
  if (job.status === 'done' || job.status === 'rolled_back') return toImportJobView(job);
  const jobOptions = importOptionsInput.parse(job.options);
  const [started] = await db
    .update(importJobs)
    .set({ status: 'running', startedAt: sql`coalesce(${importJobs.startedAt}, now())`, error: null })
    .where(eq(importJobs.id, jobId))
    .returning();
  const context: BatchContext = { jobId, actor, options: jobOptions, startedAt: started!.startedAt!, fileName: job.fileName };
  const single = Boolean(options.dryRun) || jobOptions.allOrNothing;
  const batches = readBatches(source, single ? 0 : job.rowsDone, jobOptions.batchSize, processor);
  const sessionStarted = performance.now();
  let position = single ? 0 : job.rowsDone;
  let sessionRows = 0;
  const totals: Counts = { created: 0, updated: 0, unchanged: 0, rejected: 0 };
  const kept: ReportRow[] = [];

  const runBatch = async (tx: Executor, batch: { rows: number; prepared: Prepared[] }) => {
    // New search and contact keys go to the GIN indexes' pending lists; a larger list is
    // merged into the index less often and in bigger sorted runs (the default is 4 MB).
    await tx.execute(sql`SET LOCAL gin_pending_list_limit = '64MB'`);
    const locked = (await tx.execute(sql`SELECT rows_done FROM import_jobs WHERE id = ${jobId}::uuid FOR UPDATE`)) as unknown as { rows: { rows_done: number }[] };
    if (!single && locked.rows[0]?.rows_done !== position) {
      throw new ConflictError('import_job_moved', { 'zh-CN': '该导入任务正由另一个进程执行', 'en-US': 'Another process is running this import job' });
    }
    const outcome = await processor.write(tx, batch.prepared, context);
    if (single) {
      for (const report of outcome.reports) if (kept.length < MAX_KEPT_REPORTS) kept.push(report);
    } else await appendReportRows(tx, jobId, outcome.reports);
    await writeAudit(tx, actor, { action: 'import.batch', entity: 'import_job', entityId: jobId, data: { fromRow: position, rows: batch.rows, ...outcome.counts, ...outcome.audit } });
    position += batch.rows;
    sessionRows += batch.rows;
    for (const key of Object.keys(totals) as (keyof Counts)[]) totals[key] += outcome.counts[key];
    const rate = sessionRows / Math.max((performance.now() - sessionStarted) / 1000, 0.001);
    const [row] = await tx
      .update(importJobs)
      .set({
        rowsDone: position,
        created: sql`${importJobs.created} + ${outcome.counts.created}`,
        updated: sql`${importJobs.updated} + ${outcome.counts.updated}`,
        unchanged: sql`${importJobs.unchanged} + ${outcome.counts.unchanged}`,
        rejected: sql`${importJobs.rejected} + ${outcome.counts.rejected}`,
        rowsPerSecond: rate,
        progressAt: sql`now()`,
      })
      .where(eq(importJobs.id, jobId))
      .returning();
    return row!;
  };

  try {
    if (!single) {
      for await (const batch of batches) {
        const row = await db.transaction((tx) => runBatch(tx, batch));
        options.onProgress?.(toImportJobView(row));
        if (options.signal?.aborted) return toImportJobView(row);
      }
    } else {
      await db
        .transaction(async (tx) => {
          for await (const batch of batches) {
            const row = await runBatch(tx, batch);
            options.onProgress?.(toImportJobView(row));
          }
          if (options.dryRun || totals.rejected > 0) throw new RollBack();
        })
        .catch((error: unknown) => {
          if (!(error instanceof RollBack)) throw error;
        });
      if (options.dryRun || totals.rejected > 0) {
        return await db.transaction(async (tx) => {
          await appendReportRows(tx, jobId, kept);
          const [row] = await tx
            .update(importJobs)
            .set({ ...totals, status: 'rolled_back', rowsDone: position, rowsTotal: position, finishedAt: sql`now()`, progressAt: sql`now()` })
            .where(eq(importJobs.id, jobId))
            .returning();
          await writeAudit(tx, actor, { action: options.dryRun ? 'import.dry_run' : 'import.rolled_back', entity: 'import_job', entityId: jobId, data: { ...totals } });
          return toImportJobView(row!);
        });
      }
    }
    // Searches read the whole pending list of a GIN index: merge what the import left in it
    // now, once, rather than leave every search to scan it until autovacuum does.
    await db.execute(sql`SELECT gin_clean_pending_list('customers_search_keys_idx'::regclass)`);
    const [done] = await db
      .update(importJobs)
      .set({ status: 'done', rowsTotal: sql`${importJobs.rowsDone}`, finishedAt: sql`now()` })
      .where(eq(importJobs.id, jobId))
      .returning();
    return toImportJobView(done!);
  } catch (error) {
    const detail = error instanceof AppError ? { code: error.code, message: error.messages } : { code: 'internal', message: { 'zh-CN': String(error), 'en-US': String(error) } };
    // A job another runner holds is left to that runner.
    if (!(error instanceof ConflictError)) await db.update(importJobs).set({ status: 'failed', error: detail }).where(eq(importJobs.id, jobId));
    throw error;
  }
}

/**
 * Source rows in batches, skipping the rows a previous run committed. The next batch is
 * read and prepared while the caller writes the current one.
 */
async function* readBatches<Prepared>(
  source: SourceTable,
  skip: number,
  size: number,
  processor: BatchProcessor<Prepared>,
): AsyncGenerator<{ rows: number; prepared: Prepared[] }> {
  const iterator = source.rows[Symbol.asyncIterator]();
  let skipped = 0;
  // The row read past the end of the previous batch, which starts the next one.
  let carried: SourceRow | undefined;
  const read = async (): Promise<{ rows: number; prepared: Prepared[] } | undefined> => {
    const prepared: Prepared[] = carried ? [processor.prepareRow(carried)] : [];
    let last = carried;
    carried = undefined;
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      if (skipped < skip) {
        skipped++;
        continue;
      }
      // Batch ends depend on the rows alone, so a resumed job meets the same ones.
      if (prepared.length >= size && (!processor.canSplit || processor.canSplit(last!, next.value))) {
        carried = next.value;
        break;
      }
      prepared.push(processor.prepareRow(next.value));
      last = next.value;
    }
    return prepared.length === 0 ? undefined : { rows: prepared.length, prepared };
  };
  let pending = read();
  for (;;) {
    const batch = await pending;
    if (!batch) return;
    pending = read();
    // Keep a failing read from being reported as unhandled before it is awaited.
    pending.catch(() => undefined);
    yield batch;
  }
}

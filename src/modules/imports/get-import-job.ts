import { and, desc, eq, inArray } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { isManager, type Actor } from '../users/actor.js';
import { importOptionsInput, type ImportOptions } from './import-options.js';
import { importJobs, type ImportKind, type ImportStatus } from './schema.js';

export type ImportJobView = {
  id: string;
  kind: ImportKind;
  fileName: string;
  fileSha256: string;
  /** The uploaded file (API imports); null for files read from disk by the CLI. */
  fileId: string | null;
  status: ImportStatus;
  options: ImportOptions;
  rowsDone: number;
  rowsTotal: number | null;
  counts: { created: number; updated: number; unchanged: number; rejected: number };
  rowsPerSecond: number | null;
  /** Seconds left at the current rate, when the total is known. */
  etaSeconds: number | null;
  error: Record<string, unknown> | null;
  createdBy: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
};

export const importJobEntity = { 'zh-CN': '导入任务', 'en-US': 'Import job' };

type JobRow = typeof importJobs.$inferSelect;

export function toImportJobView(row: JobRow): ImportJobView {
  const rate = row.rowsPerSecond;
  const left = row.rowsTotal === null ? null : Math.max(row.rowsTotal - row.rowsDone, 0);
  return {
    id: row.id,
    kind: row.kind,
    fileName: row.fileName,
    fileSha256: row.fileSha256,
    fileId: row.fileId,
    status: row.status,
    options: importOptionsInput.parse(row.options),
    rowsDone: row.rowsDone,
    rowsTotal: row.rowsTotal,
    counts: { created: row.created, updated: row.updated, unchanged: row.unchanged, rejected: row.rejected },
    rowsPerSecond: rate,
    etaSeconds: row.status === 'running' && left !== null && rate ? Math.round(left / rate) : null,
    error: row.error ?? null,
    createdBy: row.createdBy,
    createdAt: row.createdAt.toISOString(),
    startedAt: row.startedAt?.toISOString() ?? null,
    finishedAt: row.finishedAt?.toISOString() ?? null,
  };
}

/** Staff see their own imports; managers and admins see all. */
const visibleTo = (actor: Actor) => (isManager(actor) ? undefined : eq(importJobs.createdBy, actor.userId));

export async function getImportJob(db: Executor, actor: Actor, id: string): Promise<ImportJobView> {
  const [row] = await db.select().from(importJobs).where(and(eq(importJobs.id, id), visibleTo(actor)));
  if (!row) throw new NotFoundError(importJobEntity, id);
  return toImportJobView(row);
}

export async function listImportJobs(db: Executor, actor: Actor, limit = 50): Promise<ImportJobView[]> {
  const rows = await db.select().from(importJobs).where(visibleTo(actor)).orderBy(desc(importJobs.createdAt)).limit(limit);
  return rows.map(toImportJobView);
}

/** An unfinished job for the same file and kind (what `weixi import` resumes). */
export async function findUnfinishedJob(db: Executor, actor: Actor, kind: ImportKind, fileSha256: string): Promise<ImportJobView | undefined> {
  const [row] = await db
    .select()
    .from(importJobs)
    .where(and(eq(importJobs.kind, kind), eq(importJobs.fileSha256, fileSha256), inArray(importJobs.status, ['pending', 'running']), visibleTo(actor)))
    .orderBy(desc(importJobs.createdAt))
    .limit(1);
  return row ? toImportJobView(row) : undefined;
}

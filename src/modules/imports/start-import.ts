import { z } from 'zod';
import type { Db, Executor } from '../../db/connect.js';
import { AppError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import type { ColumnMapping, CustomerRecord, CustomerTarget, MappedRow, OrderRecord, OrderTarget, SourceRow } from './contract.js';
import { createImportJob } from './create-import-job.js';
import { getImportJob, type ImportJobView } from './get-import-job.js';
import { materializeImportFile } from './import-files.js';
import { runCustomerImport } from './import-customers.js';
import { importOptionsInput, type ImportOptions } from './import-options.js';
import { runOrderImport } from './import-orders.js';
import { openCustomerSource, openOrderSource } from './open-import-source.js';
import { importKinds, type ImportKind } from './schema.js';
import type { RunImportJobOptions } from './run-import-job.js';

export const startImportInput = z.strictObject({ kind: z.enum(importKinds), fileId: z.uuid(), options: importOptionsInput.prefault({}) });
export type StartImportInput = z.input<typeof startImportInput>;

export const previewInput = startImportInput.extend({ limit: z.number().int().min(1).max(100).default(20) });
export type PreviewInput = z.input<typeof previewInput>;

export type ImportPreview = {
  format: string;
  encoding?: string;
  sheets?: string[];
  sheet?: string;
  headers: string[];
  mapping: { column: number; header: string; target: string }[];
  rows: MappedRow<CustomerRecord | OrderRecord>[];
};

type Opened = { source: Awaited<ReturnType<typeof openCustomerSource>>['source']; mapping: { column: number; header: string; target: string }[]; mapRow: (row: SourceRow) => MappedRow<CustomerRecord | OrderRecord> };

async function openByKind(db: Executor, kind: ImportKind, path: string, options: ImportOptions): Promise<Opened> {
  return kind === 'customers'
    ? openCustomerSource(db, path, { ...options, mapping: options.mapping as ColumnMapping<CustomerTarget> | undefined })
    : openOrderSource(db, path, { ...options, mapping: options.mapping as ColumnMapping<OrderTarget> | undefined });
}

/** The first rows of an uploaded file as they would be stored (normalised, or refused with reasons), and the mapping used. */
export async function previewImport(db: Executor, actor: Actor, input: PreviewInput): Promise<ImportPreview> {
  const data = parseInput(previewInput, input);
  const stored = await materializeImportFile(db, actor, data.fileId);
  try {
    const opened = await openByKind(db, data.kind, stored.path, data.options);
    const rows: ImportPreview['rows'] = [];
    for await (const row of opened.source.rows) {
      rows.push(opened.mapRow(row));
      if (rows.length >= data.limit) break;
    }
    const { format, encoding, sheets, sheet, headers } = opened.source;
    return { format, encoding, sheets, sheet, headers, mapping: opened.mapping, rows };
  } finally {
    stored.cleanup();
  }
}

/** Creates the job for an uploaded file, with the mapping fixed (detected now when not given). */
export async function startImport(db: Executor, actor: Actor, input: StartImportInput): Promise<ImportJobView> {
  const data = parseInput(startImportInput, input);
  const stored = await materializeImportFile(db, actor, data.fileId);
  try {
    const opened = await openByKind(db, data.kind, stored.path, data.options);
    const job = await createImportJob(db, actor, {
      kind: data.kind, fileName: stored.file.fileName, fileSha256: stored.file.sha256, fileId: stored.file.id, options: { ...data.options, mapping: opened.mapping },
    });
    return getImportJob(db, actor, job.id);
  } finally {
    stored.cleanup();
  }
}

/** Runs or resumes a job whose file was uploaded; any app instance can, the file is in the database. */
export async function runStoredImport(db: Db, actor: Actor, jobId: string, options: RunImportJobOptions = {}): Promise<ImportJobView> {
  const job = await getImportJob(db, actor, jobId);
  if (!job.fileId) throw new AppError('no_uploaded_file', { 'zh-CN': '该任务的文件不在服务器上，请用命令行续传', 'en-US': 'This job\'s file was not uploaded; resume it from the command line' });
  const stored = await materializeImportFile(db, actor, job.fileId);
  try {
    const opened = await openByKind(db, job.kind, stored.path, job.options);
    return job.kind === 'customers'
      ? await runCustomerImport(db, actor, jobId, opened.source, opened.mapRow as (row: SourceRow) => MappedRow<CustomerRecord>, options)
      : await runOrderImport(db, actor, jobId, opened.source, opened.mapRow as (row: SourceRow) => MappedRow<OrderRecord>, options);
  } finally {
    stored.cleanup();
  }
}

import type { Command } from 'commander';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { AppError } from '../shared/errors.js';
import { parseInput } from '../shared/parse-input.js';
import { systemActor } from '../modules/users/actor.js';
import { createImportJob } from '../modules/imports/create-import-job.js';
import { fileFacts } from '../modules/imports/file-facts.js';
import { findUnfinishedJob, getImportJob, listImportJobs, type ImportJobView } from '../modules/imports/get-import-job.js';
import { runCustomerImport } from '../modules/imports/import-customers.js';
import { runOrderImport } from '../modules/imports/import-orders.js';
import { mergeCustomers } from '../modules/customers/merge-customers.js';
import { importModes, importOptionsInput, mergePolicies, type ImportOptionsInput } from '../modules/imports/import-options.js';
import { getImportPreset } from '../modules/imports/import-presets.js';
import { openCustomerSource, openOrderSource } from '../modules/imports/open-import-source.js';
import { writeReportFile } from '../modules/imports/write-report-csv.js';
import type { ColumnMapping, CustomerTarget, OrderTarget, SourceTable } from '../modules/imports/contract.js';
import type { ImportKind } from '../modules/imports/schema.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action, cliLocale } from './errors.js';
import { progressBar } from './progress.js';

type ImportFlags = {
  dataDir?: string;
  databaseUrl?: string;
  preset?: string;
  mode: string;
  merge: string;
  allOrNothing?: boolean;
  encoding?: string;
  sheet?: string;
  format?: string;
  dryRun?: boolean;
  errors?: string;
  resume?: string;
  restart?: boolean;
  batch: string;
  json?: boolean;
  createCustomers?: boolean;
};

const flagsInput = z.object({
  mode: z.enum(importModes),
  merge: z.enum(mergePolicies),
  batch: z.coerce.number().int().min(1).max(50_000),
});

function summary(job: ImportJobView): string {
  const c = job.counts;
  return cliLocale() === 'en-US'
    ? `${job.rowsDone} rows: ${c.created} created, ${c.updated} updated, ${c.unchanged} unchanged, ${c.rejected} rejected`
    : `共 ${job.rowsDone} 行：新建 ${c.created}，更新 ${c.updated}，未变 ${c.unchanged}，拒绝 ${c.rejected}`;
}

type Opened = { source: SourceTable; mapping: { column: number; header: string; target: string }[]; run: (jobId: string, options: Parameters<typeof runCustomerImport>[5]) => Promise<ImportJobView> };

/** The reader, mapping and runner of each kind of import. */
async function openKind(database: Database, kind: ImportKind, file: string, options: ImportOptionsInput): Promise<Opened> {
  if (kind === 'customers') {
    const opened = await openCustomerSource(database.db, file, { ...options, mapping: options.mapping as ColumnMapping<CustomerTarget> | undefined });
    return { ...opened, run: (jobId, runOptions) => runCustomerImport(database.db, systemActor, jobId, opened.source, opened.mapRow, runOptions) };
  }
  const opened = await openOrderSource(database.db, file, { ...options, mapping: options.mapping as ColumnMapping<OrderTarget> | undefined });
  return { ...opened, run: (jobId, runOptions) => runOrderImport(database.db, systemActor, jobId, opened.source, opened.mapRow, runOptions) };
}

/** Runs (or resumes) an import from the command line, with a progress bar; Ctrl-C stops after the batch in flight. */
async function importFile(database: Database, kind: ImportKind, file: string, flags: ImportFlags): Promise<void> {
  const parsed = parseInput(flagsInput, flags);
  const actor = systemActor;
  const facts = await fileFacts(file);
  const preset = flags.preset ? await getImportPreset(database.db, actor, kind, flags.preset) : undefined;
  const options: ImportOptionsInput = {
    ...(preset?.options ?? {}),
    mode: parsed.mode,
    mergePolicy: parsed.merge,
    allOrNothing: Boolean(flags.allOrNothing),
    format: flags.format as ImportOptionsInput['format'],
    encoding: flags.encoding as ImportOptionsInput['encoding'],
    sheet: flags.sheet,
    batchSize: parsed.batch,
    createCustomers: Boolean(flags.createCustomers),
    mapping: preset?.mapping,
  };
  let job: ImportJobView | undefined;
  if (flags.resume) job = await getImportJob(database.db, actor, flags.resume);
  else if (!flags.restart && !flags.dryRun) job = await findUnfinishedJob(database.db, actor, kind, facts.sha256);
  if (job && job.fileSha256 !== facts.sha256) {
    throw new AppError('import_file_changed', { 'zh-CN': '文件与该导入任务的文件不同，无法续传', 'en-US': 'This is not the file the import job started with; it cannot be resumed' });
  }
  const jobOptions = job?.options ?? importOptionsInput.parse(options);
  const opened = await openKind(database, kind, file, jobOptions);
  if (job) {
    console.error(cliLocale() === 'en-US' ? `Resuming import ${job.id} after row ${job.rowsDone}` : `继续导入任务 ${job.id}，从第 ${job.rowsDone} 行之后开始`);
  } else {
    const rowsTotal = opened.source.format === 'csv' || opened.source.format === 'tsv' ? Math.max(facts.lines - 1, 0) : undefined;
    const created = await createImportJob(database.db, actor, {
      kind, fileName: facts.fileName, fileSha256: facts.sha256, rowsTotal, options: { ...jobOptions, mapping: opened.mapping },
    });
    job = await getImportJob(database.db, actor, created.id);
    console.error(`${cliLocale() === 'en-US' ? 'Import job' : '导入任务'} ${job.id}: ${opened.mapping.map((m) => `${m.header}→${m.target}`).join(', ')}`);
  }
  const bar = progressBar(cliLocale() === 'en-US' ? 'Importing' : '导入中');
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  let result: ImportJobView;
  try {
    result = await opened.run(job.id, {
      dryRun: flags.dryRun,
      signal: controller.signal,
      onProgress: (progress) => bar.update(progress.rowsDone, Math.max(progress.rowsTotal ?? progress.rowsDone, progress.rowsDone)),
    });
  } finally {
    bar.stop();
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
  if (flags.errors) await writeReportFile(database.db, actor, result.id, flags.errors);
  if (flags.json) console.log(JSON.stringify(result, null, 2));
  else {
    const prefix = flags.dryRun ? (cliLocale() === 'en-US' ? 'Dry run, nothing written — would be: ' : '试运行，未写入任何数据——预计：') : '';
    console.log(`${prefix}${summary(result)}`);
    if (result.status === 'running') console.error(cliLocale() === 'en-US' ? 'Stopped; run the same command again to resume.' : '已暂停；再次运行同一命令即可继续。');
    if (result.status === 'rolled_back' && !flags.dryRun) console.error(cliLocale() === 'en-US' ? 'All-or-nothing: some rows were refused, so nothing was imported.' : '全部或不导入：有行被拒绝，因此没有导入任何数据。');
    if (flags.errors) console.error(`${cliLocale() === 'en-US' ? 'Report' : '报告'}: ${flags.errors}`);
  }
  if (result.status === 'running') process.exitCode = 130;
}

function importOptions(command: Command): Command {
  return withStoreOptions(command)
    .option('--preset <name>', 'saved mapping preset')
    .option('--mode <mode>', importModes.join(' | '), 'create-or-update')
    .option('--merge <policy>', 'for matched customers: fill-empty | overwrite', 'fill-empty')
    .option('--all-or-nothing', 'import nothing if any row is refused')
    .option('--encoding <encoding>', 'utf-8 | gb18030 (detected when absent)')
    .option('--sheet <sheet>', 'XLSX: sheet name or number')
    .option('--format <format>', 'csv | tsv | xlsx | vcf (from the extension when absent)')
    .option('--dry-run', 'show what would happen without writing anything')
    .option('--errors <file>', 'write the report of refused and merged rows as CSV')
    .option('--resume <jobId>', 'resume this interrupted job (the same file is otherwise resumed automatically)')
    .option('--restart', 'start a new job even if this file has an unfinished one')
    .option('--batch <n>', 'rows per committed batch', '5000')
    .option('--json', 'print the job as JSON');
}

export function registerImportCommands(program: Command): void {
  const imports = program.command('import').description('Import customers or orders from CSV, XLSX or vCard files. 导入');
  importOptions(imports.command('customers <file>').description('Import customers (dedupe by phone, e-mail, external id)')).action(
    action(async (file: string, flags: ImportFlags) => withStore(resolveStore(flags), (database) => importFile(database, 'customers', file, flags))),
  );
  importOptions(imports.command('orders <file>').description('Import purchase history, linked to customers by phone, e-mail or customer id'))
    .option('--create-customers', 'create a customer for a phone, e-mail or customer id no customer has (otherwise such rows are refused)')
    .action(action(async (file: string, flags: ImportFlags) => withStore(resolveStore(flags), (database) => importFile(database, 'orders', file, flags))));
  withStoreOptions(imports.command('jobs').description('List recent import jobs')).action(
    action(async (flags: { dataDir?: string; databaseUrl?: string }) => {
      const jobs = await withStore(resolveStore(flags), (database) => listImportJobs(database.db, systemActor));
      for (const job of jobs) console.log([job.id, job.kind, job.status, job.fileName, summary(job), job.createdAt].join('\t'));
    }),
  );
  withStoreOptions(imports.command('report <jobId>').description('Write a job\'s report of refused and merged rows as CSV').requiredOption('-o, --output <file>', 'CSV file')).action(
    action(async (jobId: string, flags: { dataDir?: string; databaseUrl?: string; output: string }) => {
      const count = await withStore(resolveStore(flags), (database) => writeReportFile(database.db, systemActor, jobId, flags.output));
      console.log(`${count} → ${flags.output}`);
    }),
  );
  withStoreOptions(program.command('merge <survivorId> <duplicateIds...>').description('Merge duplicate customers into the one kept (orders, timeline, groups move to it). 合并重复客户')).action(
    action(async (survivorId: string, duplicateIds: string[], flags: { dataDir?: string; databaseUrl?: string }) => {
      const result = await withStore(resolveStore(flags), (database) => mergeCustomers(database.db, systemActor, { survivorId, duplicateIds }));
      console.log(JSON.stringify(result));
    }),
  );
}

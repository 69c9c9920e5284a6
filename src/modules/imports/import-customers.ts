import type { Db, Executor } from '../../db/connect.js';
import { bulkInsertCustomers, bulkUpdateCustomers, unsafeFindCustomersByContact } from '../customers/bulk-write-customers.js';
import { buildSearchFields, type SearchFields } from '../customers/search-fields.js';
import { insertInteraction } from '../timeline/record-system-event.js';
import { plainTextToHtml } from '../timeline/sanitize-rich-text.js';
import { isManager, type Actor } from '../users/actor.js';
import type { ColumnMapping, CustomerRecord, CustomerTarget, MappedRow, SourceRow, SourceTable } from './contract.js';
import { matchKeys, planCustomerBatch } from './plan-customer-batch.js';
import { getImportJob, type ImportJobView } from './get-import-job.js';
import { ensureGroups, loadNameTables, resolveCustomerRows, type NameTables } from './resolve-customer-rows.js';
import { runImportJob, type BatchContext, type BatchOutcome, type BatchProcessor, type RunImportJobOptions } from './run-import-job.js';

export type MapCustomerRow = (row: SourceRow) => MappedRow<CustomerRecord>;

/**
 * The customer import's batch step: map rows ahead of time, then inside the batch's
 * transaction resolve names, find every customer the batch's phones, e-mails and external
 * ids match (one indexed query on contact_keys and external_id), plan, and write set-based.
 *
 * Audit: one audit row per batch (written by the job runner) lists the ids it created and
 * updated, rather than one row per customer: a million audit rows would cost about as much
 * as the import itself, and the batch row traces every customer back to the job, its file
 * and its lines all the same. Timeline: an existing customer an import changes gets a
 * system entry naming the file and lines; a note column becomes a note on the new
 * customer's timeline. New customers get no "created" entry: their creation is the import.
 */
type PreparedRow = MappedRow<CustomerRecord> & { search?: SearchFields };

/** Maps a row and computes its search fields (the costliest CPU work) before the batch's transaction. */
function prepareRow(mapRow: MapCustomerRow, row: SourceRow): PreparedRow {
  const mapped: PreparedRow = mapRow(row);
  const record = mapped.record;
  if (record && mapped.errors.length === 0) {
    mapped.search = buildSearchFields({ name: record.name, company: record.company, phones: record.phones, emails: record.emails.map((address) => ({ address })), wechat: record.wechat, qq: record.qq });
  }
  return mapped;
}

export function customerBatchProcessor(mapRow: MapCustomerRow, names: NameTables, mapping: ColumnMapping<CustomerTarget> | undefined): BatchProcessor<PreparedRow> {
  const headers: Partial<Record<CustomerTarget, string>> = {};
  for (const column of mapping ?? []) headers[column.target] ??= column.header;
  return {
    prepareRow: (row) => prepareRow(mapRow, row),
    async write(tx: Executor, mapped, context: BatchContext): Promise<BatchOutcome> {
      const groupNames = mapped.flatMap((row) => (row.errors.length === 0 ? (row.record?.groups ?? []) : []));
      const groupIds = await ensureGroups(tx, groupNames);
      const resolved = resolveCustomerRows(mapped, names, groupIds, headers);
      const keys = new Set<string>();
      const externalIds = new Set<string>();
      for (const row of resolved.rows) {
        for (const phone of row.phones) keys.add(matchKeys.phone(phone.number));
        for (const email of row.emails) keys.add(matchKeys.email(email.address));
        if (row.fields.externalId) externalIds.add(row.fields.externalId);
      }
      const matched = await unsafeFindCustomersByContact(tx, context.actor, [...keys], [...externalIds], context.startedAt);
      const plan = planCustomerBatch(resolved.rows, matched, {
        mode: context.options.mode,
        policy: context.options.mergePolicy,
        // Staff own what they bring in, as with customers they create by hand.
        defaultOwnerId: isManager(context.actor) ? null : context.actor.userId,
      });
      await bulkInsertCustomers(tx, context.actor, plan.inserts);
      await bulkUpdateCustomers(tx, context.actor, plan.updates);
      for (const note of plan.notes) {
        await insertInteraction(tx, context.actor, note.customerId, {
          kind: 'note', bodyHtml: plainTextToHtml(note.text), bodyText: note.text, data: { importJobId: context.jobId, line: note.line },
        });
      }
      for (const update of plan.updates) {
        const text = `导入 ${context.fileName} 第 ${update.lines.join('、')} 行更新了客户资料 / Updated by importing ${context.fileName}, line ${update.lines.join(', ')}`;
        await insertInteraction(tx, context.actor, update.id, {
          kind: 'system', subject: '导入更新 / Updated by import', bodyHtml: plainTextToHtml(text), bodyText: text, data: { importJobId: context.jobId, lines: update.lines },
        });
      }
      const counts = { ...plan.counts, rejected: plan.counts.rejected + resolved.rejected };
      return {
        counts,
        reports: [...resolved.reports, ...plan.reports].sort((a, b) => a.line - b.line),
        audit: { createdIds: plan.inserts.map((row) => row.id), updatedIds: plan.updates.map((row) => row.id) },
      };
    },
  };
}

/** Runs or resumes a customer import job over a freshly opened source. */
export async function runCustomerImport(
  db: Db,
  actor: Actor,
  jobId: string,
  source: SourceTable,
  mapRow: MapCustomerRow,
  options: RunImportJobOptions = {},
): Promise<ImportJobView> {
  const job = await getImportJob(db, actor, jobId);
  const names = await loadNameTables(db);
  const mapping = job.options.mapping as ColumnMapping<CustomerTarget> | undefined;
  return runImportJob(db, actor, jobId, source, customerBatchProcessor(mapRow, names, mapping), options);
}

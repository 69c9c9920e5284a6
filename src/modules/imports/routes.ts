import { PassThrough, Readable } from 'node:stream';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { actorOf } from '../../server/auth-hook.js';
import type { Actor } from '../users/actor.js';
import { AppError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { commonErrors, idParams, splitList } from '../../server/common-schemas.js';
import { customerExportFormats, exportCustomers, exportCustomersFilter } from '../exports/export-customers.js';
import { exportOrders, exportOrdersFilter, orderExportFormats } from '../exports/export-orders.js';
import { sortOptions } from '../customers/list-customers.js';
import { mergeCustomers, mergeCustomersInput } from '../customers/merge-customers.js';
import { stages } from '../customers/schema.js';
import { getImportJob, listImportJobs } from './get-import-job.js';
import { MAX_UPLOAD_BYTES, storeImportFile } from './import-files.js';
import { importPresetInput, deleteImportPreset, listImportPresets, saveImportPreset } from './import-presets.js';
import { importKinds } from './schema.js';
import { previewImport, previewInput, runStoredImport, startImport, startImportInput } from './start-import.js';
import { writeReportCsv } from './write-report-csv.js';
import { importReportQuery, listImportReport } from './list-import-report.js';
import { isDryRun, markDryRun } from './dry-run-marker.js';
import { countImportRows } from './count-import-rows.js';

const jobView = z.object({
  id: z.uuid(), kind: z.enum(importKinds), fileName: z.string(), fileSha256: z.string(), fileId: z.string().nullable(), status: z.string(),
  options: z.record(z.string(), z.unknown()), rowsDone: z.number(), rowsTotal: z.number().nullable(),
  counts: z.object({ created: z.number(), updated: z.number(), unchanged: z.number(), rejected: z.number() }),
  rowsPerSecond: z.number().nullable(), etaSeconds: z.number().nullable(), error: z.record(z.string(), z.unknown()).nullable(),
  createdBy: z.string().nullable(), createdAt: z.string(), startedAt: z.string().nullable(), finishedAt: z.string().nullable(),
});
const presetView = z.object({ id: z.uuid(), kind: z.enum(importKinds), name: z.string(), mapping: z.array(z.object({ column: z.number(), header: z.string(), target: z.string() })), options: z.record(z.string(), z.unknown()), updatedAt: z.string() });
const fileView = z.object({ id: z.uuid(), fileName: z.string(), size: z.number(), sha256: z.string() });
const previewView = z.object({
  format: z.string(), encoding: z.string().optional(), sheets: z.array(z.string()).optional(), sheet: z.string().optional(), headers: z.array(z.string()),
  mapping: z.array(z.object({ column: z.number(), header: z.string(), target: z.string() })),
  rows: z.array(z.object({ line: z.number(), record: z.record(z.string(), z.unknown()).optional(), errors: z.array(z.record(z.string(), z.unknown())) })),
});
const reportItemView = z.object({
  seq: z.number(), kind: z.enum(['rejected', 'duplicate']), line: z.number(), column: z.string().nullable(), value: z.string().nullable(), code: z.string(),
  message: z.object({ 'zh-CN': z.string(), 'en-US': z.string() }), matched: z.object({ id: z.uuid(), name: z.string().nullable() }).nullable(),
});
/** The customer list's own query names (GET /customers: stage, group, tag, owner, region, cf), so the screen exports what it shows; the older plural names still work. */
const exportCustomersQuery = z.strictObject({
  q: z.string().max(100).optional(), stage: z.string().max(200).optional(), group: z.string().max(4000).optional(), tag: z.string().max(2000).optional(),
  owner: z.string().max(4000).optional(), region: z.string().max(2000).optional(),
  cf: z.string().max(2000).optional().describe('Custom-field filters as JSON, e.g. {"industry":"餐饮"}'),
  valueTier: z.string().max(40).optional().describe('Comma-separated value tiers from the latest analysis: top, middle, bottom'),
  rfmSegment: z.string().max(400).optional().describe('Comma-separated RFM segment codes'),
  riskLevel: z.string().max(40).optional().describe('Comma-separated churn risk levels: high, medium, low'),
  stages: z.string().max(200).optional(), groupIds: z.string().max(4000).optional(), tags: z.string().max(2000).optional(),
  ownerIds: z.string().max(4000).optional(), regions: z.string().max(2000).optional(), email: z.string().max(254).optional(), phone: z.string().max(40).optional(),
  sort: z.enum(sortOptions).optional(),
});
/** Start body: the job's options, and whether to roll everything back at the end (a dry run). */
const startBody = startImportInput.extend({ dryRun: z.boolean().default(false).describe('Run every row, report what would happen, write nothing') });
const fileName = (base: string, format: string) => `${base}-${new Date().toISOString().slice(0, 10)}.${format}`;
/** An ASCII name for old clients and the Chinese one (RFC 6266 / 5987) for the rest: 客户-2024-05-01.csv. */
const attachment = (ascii: string, chinese: string) => `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(chinese)}`;

/** The custom-field filter as GET /customers reads it: JSON, else left for the use case's schema to name the field. */
function parseCustomFieldFilter(text: string | undefined): unknown {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
const contentTypes: Record<string, string> = {
  csv: 'text/csv; charset=utf-8', xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', vcf: 'text/vcard; charset=utf-8',
};

/** Starts a job in this process; progress lives in the job row, so any instance can report it or resume it. */
function runInBackground(db: Db, request: { log: { error(object: unknown, message: string): void } }, run: () => Promise<unknown>): void {
  run().catch((error: unknown) => request.log.error({ err: error }, 'import job failed'));
}

/**
 * Counts the file's rows first (a fraction of a second per 300,000 CSV rows), so the job
 * shows a percentage and a time left from its first batch; a count that fails leaves the
 * total unknown and the run reports the file's problem itself.
 */
async function countThenRun(db: Db, actor: Actor, jobId: string, dryRun: boolean) {
  if (!dryRun) await countImportRows(db, actor, jobId).catch(() => null);
  return runStoredImport(db, actor, jobId, { dryRun });
}

export const importRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  // Uploads are streamed into the database as they arrive: this route alone accepts raw
  // bodies, and up to 1 GB (the app's JSON body limit is 2 MB).
  app.addContentTypeParser('application/octet-stream', { bodyLimit: MAX_UPLOAD_BYTES }, (_request, payload, done) => done(null, payload));

  app.post('/imports/files', {
    bodyLimit: MAX_UPLOAD_BYTES,
    schema: {
      tags: ['imports'], summary: 'Upload a file to import (raw body, Content-Type application/octet-stream), streamed into the database',
      querystring: z.strictObject({ fileName: z.string().trim().min(1).max(200) }),
      response: { 201: fileView, ...commonErrors },
    },
  }, async (request, reply) => {
    const body = request.body;
    if (!(body instanceof Readable)) {
      throw new AppError('unsupported_media_type', { 'zh-CN': '请以 application/octet-stream 上传文件内容', 'en-US': 'Send the file itself with Content-Type application/octet-stream' }, undefined, 415);
    }
    return reply.code(201).send(await storeImportFile(db, actorOf(request), request.query.fileName, body));
  });

  app.post('/imports/preview', {
    schema: { tags: ['imports'], summary: 'The first rows of an uploaded file as they would be stored, and the column mapping', body: previewInput, response: { 200: previewView, ...commonErrors } },
  }, async (request) => previewImport(db, actorOf(request), request.body));

  app.post('/imports', {
    schema: { tags: ['imports'], summary: 'Start importing an uploaded file (runs in the background; poll the job)', body: startBody, response: { 202: jobView, ...commonErrors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const { dryRun, ...input } = request.body;
    const job = await startImport(db, actor, input);
    if (dryRun) await markDryRun(db, actor, job.id);
    runInBackground(db, request, () => countThenRun(db, actor, job.id, dryRun));
    return reply.code(202).send(job);
  });

  app.post('/imports/:id/resume', {
    schema: { tags: ['imports'], summary: 'Resume an interrupted import from its last committed batch', params: idParams, response: { 202: jobView, ...commonErrors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const job = await getImportJob(db, actor, request.params.id);
    if (job.status !== 'done' && job.status !== 'rolled_back') {
      const dryRun = await isDryRun(db, job.id);
      runInBackground(db, request, () => countThenRun(db, actor, job.id, dryRun));
    }
    return reply.code(202).send(job);
  });

  app.get('/imports', {
    schema: { tags: ['imports'], summary: 'Recent import jobs', response: { 200: z.object({ items: z.array(jobView) }), ...commonErrors } },
  }, async (request) => ({ items: await listImportJobs(db, actorOf(request)) }));

  app.get('/imports/:id', {
    schema: { tags: ['imports'], summary: 'An import job: status, rows done, rows/s, ETA and counts', params: idParams, response: { 200: jobView, ...commonErrors } },
  }, async (request) => getImportJob(db, actorOf(request), request.params.id));

  app.get('/imports/:id/report.csv', {
    schema: { tags: ['imports'], summary: 'Refused and merged rows with line, column, value and reason (CSV, UTF-8 with BOM)', params: idParams },
  }, async (request, reply) => {
    const actor = actorOf(request);
    const job = await getImportJob(db, actor, request.params.id);
    const out = new PassThrough();
    writeReportCsv(db, actor, request.params.id, out).then(() => out.end(), (error: unknown) => out.destroy(error as Error));
    const base = job.fileName.replace(/\.[^.]*$/, '');
    return reply.type(contentTypes.csv!).header('content-disposition', attachment(`import-${job.id}-report.csv`, `${base}-导入报告.csv`)).send(out);
  });

  app.get('/imports/:id/rows', {
    schema: {
      tags: ['imports'], summary: 'A page of the report: refused rows and duplicates, each with the customer it matched', params: idParams, querystring: importReportQuery,
      response: { 200: z.object({ items: z.array(reportItemView), nextAfter: z.number().nullable() }), ...commonErrors },
    },
  }, async (request) => listImportReport(db, actorOf(request), request.params.id, request.query));

  app.get('/import-presets', {
    schema: { tags: ['imports'], summary: 'Saved column mappings', querystring: z.strictObject({ kind: z.enum(importKinds) }), response: { 200: z.object({ items: z.array(presetView) }), ...commonErrors } },
  }, async (request) => ({ items: await listImportPresets(db, actorOf(request), request.query.kind) }));

  app.put('/import-presets', {
    schema: { tags: ['imports'], summary: 'Save a column mapping under a name (replaces one of the same name)', body: importPresetInput, response: { 200: presetView, ...commonErrors } },
  }, async (request) => saveImportPreset(db, actorOf(request), request.body));

  app.delete('/import-presets/:id', {
    schema: { tags: ['imports'], summary: 'Delete a saved mapping', params: idParams, response: { 204: z.null(), ...commonErrors } },
  }, async (request, reply) => {
    await deleteImportPreset(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });

  app.post('/duplicates/merge', {
    schema: {
      tags: ['customers'], summary: 'Merge duplicate customers into the one kept: gaps filled, contacts and groups united, orders and timeline moved',
      body: mergeCustomersInput,
      response: { 200: z.object({ survivorId: z.uuid(), merged: z.array(z.uuid()), moved: z.record(z.string(), z.number()) }), ...commonErrors },
    },
  }, async (request) => mergeCustomers(db, actorOf(request), request.body));

  app.get('/exports/customers.:format', {
    schema: {
      tags: ['exports'], summary: 'Export a filtered customer list (the list\'s filters; lists are comma-separated) as CSV, XLSX or vCard',
      params: z.strictObject({ format: z.enum(customerExportFormats) }), querystring: exportCustomersQuery,
    },
  }, async (request, reply) => {
    const query = request.query;
    const filter = parseInput(exportCustomersFilter, {
      q: query.q, email: query.email, phone: query.phone, sort: query.sort,
      stages: splitList(query.stage ?? query.stages) as (typeof stages)[number][] | undefined, groupIds: splitList(query.group ?? query.groupIds),
      tags: splitList(query.tag ?? query.tags), ownerIds: splitList(query.owner ?? query.ownerIds), regions: splitList(query.region ?? query.regions),
      customFields: parseCustomFieldFilter(query.cf),
      // The analysis filters, passed only when given (the list's schema names them).
      ...(query.valueTier ? { valueTiers: splitList(query.valueTier) } : {}),
      ...(query.rfmSegment ? { rfmSegments: splitList(query.rfmSegment) } : {}),
      ...(query.riskLevel ? { riskLevels: splitList(query.riskLevel) } : {}),
    });
    const out = new PassThrough();
    exportCustomers(db, actorOf(request), filter, request.params.format, out).catch((error: unknown) => out.destroy(error as Error));
    const format = request.params.format;
    return reply.type(contentTypes[format]!).header('content-disposition', attachment(fileName('customers', format), fileName('客户', format))).send(out);
  });

  app.get('/exports/orders.:format', {
    schema: { tags: ['exports'], summary: 'Export orders (of the customers you can see) as CSV or XLSX', params: z.strictObject({ format: z.enum(orderExportFormats) }), querystring: exportOrdersFilter },
  }, async (request, reply) => {
    const out = new PassThrough();
    exportOrders(db, actorOf(request), request.query, request.params.format, out).catch((error: unknown) => out.destroy(error as Error));
    const format = request.params.format;
    return reply.type(contentTypes[format]!).header('content-disposition', attachment(fileName('orders', format), fileName('订单', format))).send(out);
  });
};

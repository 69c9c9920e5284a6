import { bigint, boolean, customType, integer, jsonb, pgTable, primaryKey, real, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** Import tables (migration 0004_imports.sql). */

const bytea = customType<{ data: Uint8Array }>({ dataType: () => 'bytea' });

export const importKinds = ['customers', 'orders'] as const;
export type ImportKind = (typeof importKinds)[number];
export const importStatuses = ['pending', 'running', 'done', 'failed', 'rolled_back'] as const;
export type ImportStatus = (typeof importStatuses)[number];

export const importFiles = pgTable('import_files', {
  id: uuid('id').primaryKey(),
  fileName: text('file_name').notNull(),
  size: bigint('size', { mode: 'number' }).notNull().default(0),
  sha256: text('sha256'),
  complete: boolean('complete').notNull().default(false),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const importFileChunks = pgTable(
  'import_file_chunks',
  { fileId: uuid('file_id').notNull(), seq: integer('seq').notNull(), data: bytea('data').notNull() },
  (table) => [primaryKey({ columns: [table.fileId, table.seq] })],
);

export const importJobs = pgTable('import_jobs', {
  id: uuid('id').primaryKey(),
  kind: text('kind', { enum: importKinds }).notNull(),
  fileName: text('file_name').notNull(),
  fileSha256: text('file_sha256').notNull(),
  fileId: uuid('file_id'),
  options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
  status: text('status', { enum: importStatuses }).notNull().default('pending'),
  rowsDone: integer('rows_done').notNull().default(0),
  rowsTotal: integer('rows_total'),
  created: integer('created').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  unchanged: integer('unchanged').notNull().default(0),
  rejected: integer('rejected').notNull().default(0),
  rowsPerSecond: real('rows_per_second'),
  error: jsonb('error').$type<Record<string, unknown>>(),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  progressAt: timestamp('progress_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
});

export const importRowErrors = pgTable(
  'import_row_errors',
  {
    jobId: uuid('job_id').notNull(),
    seq: integer('seq').notNull(),
    line: integer('line').notNull(),
    columnName: text('column_name'),
    value: text('value'),
    code: text('code').notNull(),
    messageZh: text('message_zh').notNull(),
    messageEn: text('message_en').notNull(),
    matchedId: uuid('matched_id'),
    kind: text('kind', { enum: ['rejected', 'duplicate'] }).notNull().default('rejected'),
  },
  (table) => [primaryKey({ columns: [table.jobId, table.seq] })],
);

export const importPresets = pgTable('import_presets', {
  id: uuid('id').primaryKey(),
  kind: text('kind', { enum: importKinds }).notNull(),
  name: text('name').notNull(),
  mapping: jsonb('mapping').$type<unknown[]>().notNull(),
  options: jsonb('options').$type<Record<string, unknown>>().notNull().default({}),
  createdBy: uuid('created_by'),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

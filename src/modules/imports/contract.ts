/**
 * The seam between reading import files (read/, mapping/) and running imports (the job
 * engine). Readers turn any supported file into a table of text cells; mapping turns one
 * row into a normalised record or the reasons it was rejected; the engine dedupes, writes,
 * reports and resumes. Each side can change freely behind these types.
 */

import type { Messages } from '../../shared/errors.js';

export const sourceFormats = ['csv', 'tsv', 'xlsx', 'vcf'] as const;
export type SourceFormat = (typeof sourceFormats)[number];

/** UTF-16 (Excel's "Unicode text") is only recognised by its byte-order mark. */
export const sourceEncodings = ['utf-8', 'gb18030', 'utf-16le', 'utf-16be'] as const;
export type SourceEncoding = (typeof sourceEncodings)[number];

export type OpenSourceOptions = {
  /** Taken from the file name's extension when absent. */
  format?: SourceFormat;
  /** Text files only; detected (BOM, valid UTF-8, else GB18030 which covers GBK) when absent. */
  encoding?: SourceEncoding;
  /** XLSX only: the sheet's name or 1-based position; the first sheet when absent. */
  sheet?: string;
};

/** One data row. `line` is what a user finds in the file: the physical line of a CSV/TSV
 * row, the row number in the sheet, the line where a vCard begins. */
export type SourceRow = { line: number; cells: string[] };

export type SourceTable = {
  format: SourceFormat;
  encoding?: SourceEncoding;
  /** XLSX: every sheet's name, and the one being read. */
  sheets?: string[];
  sheet?: string;
  headers: string[];
  /** Rows in file order, streamed: a million-row file is never held in memory. Can be
   * iterated once; open the source again to read it again (resume does that). */
  rows: AsyncIterable<SourceRow>;
  /** Releases the file when the rows are not read to the end (a preview, a mapping screen).
   * Breaking out of a for-await over `rows` does the same. Safe to call more than once. */
  close?: () => Promise<void>;
};

/** Customer fields a column can map to; custom fields are `custom:<key>`. */
export const customerTargets = [
  'name', 'phone', 'email', 'birthday', 'gender', 'company', 'title', 'address', 'note', 'groups',
  'tags', 'wechat', 'qq', 'region', 'owner', 'source', 'stage', 'intent', 'externalId',
] as const;
export type CustomerTarget = (typeof customerTargets)[number] | `custom:${string}`;

export const orderTargets = ['customerPhone', 'customerEmail', 'customerExternalId', 'orderExternalId', 'orderedAt', 'amount', 'cost', 'quantity', 'unitPrice', 'description', 'channel'] as const;
export type OrderTarget = (typeof orderTargets)[number];

/** Source column (by position) → target; unmapped columns are ignored. */
export type ColumnMapping<Target extends string> = { column: number; header: string; target: Target }[];

/** Why one cell or row was refused, in both product languages. */
export type RowError = {
  line: number;
  /** The source column's header; absent for an error about the whole row. */
  column?: string;
  value?: string;
  code: string;
  message: Messages;
};

/** A customer as read from one row, normalised; names (owner, groups) are resolved by the engine. */
export type CustomerRecord = {
  name: string;
  phones: { number: string; ext?: string }[];
  emails: string[];
  /** ISO date; a birthday written without a year (5月1日) has `birthdayYearUnknown`. */
  birthday?: string;
  birthdayLunar?: boolean;
  birthdayYearUnknown?: boolean;
  gender?: 'male' | 'female' | 'other';
  company?: string;
  title?: string;
  address?: string;
  note?: string;
  groups: string[];
  tags: string[];
  wechat?: string;
  qq?: string;
  region?: string;
  /** An owner's user name or display name, as written. */
  owner?: string;
  source?: string;
  stage?: string;
  intent?: string;
  externalId?: string;
  customFields: Record<string, string | number | string[]>;
};

export type MappedRow<Record> = { line: number; record?: Record; errors: RowError[] };

/** An order (or one line item of an order) as read from one row, normalised. */
export type OrderRecord = {
  /** At least one customer key is present: phone as E.164, e-mail lower-cased, external id as written ("17850.0" → "17850"). */
  customerPhone?: string;
  customerEmail?: string;
  customerExternalId?: string;
  /** The order's id in the source system; several rows with the same id are line items of one order. */
  orderExternalId?: string;
  /** ISO timestamp with offset; a time written without a zone is read in the company's time zone. */
  orderedAt: string;
  /** Exact decimal string with 2 decimals ("15.30", "-4.95"): the row's amount, quantity × unit price for a line item. */
  amount: string;
  cost?: string;
  /** Present when the row is a line item (quantity and unit price mapped). */
  item?: { name: string; quantity: number; unitPrice: string };
  description?: string;
  channel?: string;
};

/** A custom field definition as mapping needs it (see custom-fields/list-custom-fields.ts). */
export type CustomFieldDefinition = {
  key: string;
  labelZh: string;
  labelEn: string;
  type: 'text' | 'number' | 'date' | 'select' | 'multiselect';
  options: string[];
  required: boolean;
  maxLength: number | null;
};

/** What mapping needs from the company: phone region (settings.phoneRegion), time zone, custom fields. */
export type MappingContext = {
  /** ISO 3166 alpha-2, e.g. "CN". */
  phoneRegion: string;
  /** IANA zone for order times written without one, e.g. "Asia/Shanghai". */
  timeZone: string;
  customFields: CustomFieldDefinition[];
};

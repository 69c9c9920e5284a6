import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import type { Messages } from '../../shared/errors.js';
import { textArray } from '../customers/access.js';
import type { RowError } from './contract.js';

/** One line of an import's report: a refused row, or a duplicate merged into an earlier row's customer. */
export type ReportRow = {
  kind: 'rejected' | 'duplicate';
  line: number;
  column?: string;
  value?: string;
  code: string;
  message: Messages;
  matchedId?: string;
};

export function fromRowError(error: RowError): ReportRow {
  return { kind: 'rejected', line: error.line, column: error.column, value: error.value, code: error.code, message: error.message };
}

/** Appends report rows to a job inside the caller's (batch) transaction, numbered after the ones already there. */
export async function appendReportRows(tx: Executor, jobId: string, rows: ReportRow[]): Promise<void> {
  if (rows.length === 0) return;
  const column = <T>(pick: (row: ReportRow) => T) => rows.map(pick);
  await tx.execute(sql`
    INSERT INTO import_row_errors (job_id, seq, line, column_name, value, code, message_zh, message_en, matched_id, kind)
    SELECT ${jobId}::uuid, base.n + u.ord, u.line::int, u.col, u.val, u.code, u.zh, u.en, u.matched::uuid, u.kind
      FROM (SELECT coalesce(max(seq), 0) AS n FROM import_row_errors WHERE job_id = ${jobId}::uuid) base,
           unnest(${textArray(column((row) => String(row.line)))}, ${textArray(column((row) => row.column ?? null) as string[])},
                  ${textArray(column((row) => row.value ?? null) as string[])}, ${textArray(column((row) => row.code))},
                  ${textArray(column((row) => row.message['zh-CN']))}, ${textArray(column((row) => row.message['en-US']))},
                  ${textArray(column((row) => row.matchedId ?? null) as string[])}, ${textArray(column((row) => row.kind))})
             WITH ORDINALITY AS u(line, col, val, code, zh, en, matched, kind, ord)`);
}

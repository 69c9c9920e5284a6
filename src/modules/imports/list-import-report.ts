import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { customerAccess } from '../customers/access.js';
import type { Actor } from '../users/actor.js';
import { getImportJob } from './get-import-job.js';

export const importReportQuery = z.strictObject({
  /** rejected: refused rows (a create-only `duplicate` among them); duplicate: rows merged into a customer an earlier row created. */
  kind: z.enum(['rejected', 'duplicate']).optional(),
  /** The last `seq` of the previous page. */
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});
export type ImportReportQuery = z.input<typeof importReportQuery>;

export type ImportReportItem = {
  seq: number;
  kind: 'rejected' | 'duplicate';
  line: number;
  column: string | null;
  value: string | null;
  code: string;
  message: { 'zh-CN': string; 'en-US': string };
  /** The customer the row matched (a duplicate's survivor, a create-only refusal's existing customer). */
  matched: { id: string; name: string | null } | null;
};

export type ImportReportPage = { items: ImportReportItem[]; nextAfter: number | null };

type Row = { seq: number; kind: 'rejected' | 'duplicate'; line: number; column_name: string | null; value: string | null; code: string; message_zh: string; message_en: string; matched_id: string | null; matched_name: string | null };

/**
 * One page of an import's report, for the wizard's result screen (the CSV has every row).
 * The matched customer's name is shown only when the caller may see that customer; the id
 * is in the report either way, as in the CSV.
 */
export async function listImportReport(db: Executor, actor: Actor, jobId: string, input: ImportReportQuery = {}): Promise<ImportReportPage> {
  const query = parseInput(importReportQuery, input);
  await getImportJob(db, actor, jobId);
  const result = (await db.execute(sql`
    SELECT r.seq, r.kind, r.line, r.column_name, r.value, r.code, r.message_zh, r.message_en, r.matched_id,
           (SELECT customers.name FROM customers WHERE customers.id = r.matched_id AND ${customerAccess(actor)}) AS matched_name
      FROM import_row_errors r
     WHERE r.job_id = ${jobId}::uuid AND r.seq > ${query.after} ${query.kind ? sql`AND r.kind = ${query.kind}` : sql``}
     ORDER BY r.seq
     LIMIT ${query.limit + 1}`)) as unknown as { rows: Row[] };
  const rows = result.rows.slice(0, query.limit);
  return {
    items: rows.map((row) => ({
      seq: Number(row.seq), kind: row.kind, line: Number(row.line), column: row.column_name, value: row.value, code: row.code,
      message: { 'zh-CN': row.message_zh, 'en-US': row.message_en },
      matched: row.matched_id ? { id: row.matched_id, name: row.matched_name } : null,
    })),
    nextAfter: result.rows.length > query.limit ? Number(rows.at(-1)!.seq) : null,
  };
}

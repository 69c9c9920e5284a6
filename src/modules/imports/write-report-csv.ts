import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import type { Writable } from 'node:stream';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { csvLine, UTF8_BOM } from '../exports/spreadsheet-cell.js';
import type { Actor } from '../users/actor.js';
import { getImportJob } from './get-import-job.js';
import { importRowErrors } from './schema.js';

const HEADER = ['行号 Line', '列 Column', '值 Value', '原因', 'Reason', '代码 Code', '类型 Kind', '匹配的客户 Matched customer'];
const PAGE = 10_000;

/**
 * An import's report as CSV (UTF-8 with BOM, so Excel shows the Chinese): every refused
 * row, and every in-file duplicate with the customer it was merged into. Streams in pages,
 * so a report of a million rows never sits in memory. Returns the rows written.
 */
export async function writeReportCsv(db: Executor, actor: Actor, jobId: string, out: Writable): Promise<number> {
  await getImportJob(db, actor, jobId);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write(UTF8_BOM + csvLine(HEADER));
  let after = 0;
  let written = 0;
  for (;;) {
    const rows = await db
      .select()
      .from(importRowErrors)
      .where(and(eq(importRowErrors.jobId, jobId), gt(importRowErrors.seq, after)))
      .orderBy(asc(importRowErrors.seq))
      .limit(PAGE);
    if (rows.length === 0) break;
    let chunk = '';
    for (const row of rows) {
      chunk += csvLine([row.line, row.columnName, row.value, row.messageZh, row.messageEn, row.code, row.kind === 'duplicate' ? '重复已合并 duplicate merged' : '未导入 rejected', row.matchedId]);
    }
    await write(chunk);
    written += rows.length;
    after = rows.at(-1)!.seq;
  }
  return written;
}

export async function writeReportFile(db: Executor, actor: Actor, jobId: string, path: string): Promise<number> {
  const out = createWriteStream(path);
  const count = await writeReportCsv(db, actor, jobId, out);
  out.end();
  await once(out, 'finish');
  return count;
}

import { createHash } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { and, asc, eq, gt } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { AppError, NotFoundError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { isManager, type Actor } from '../users/actor.js';
import { importFileChunks, importFiles } from './schema.js';

export type ImportFileView = { id: string; fileName: string; size: number; sha256: string };

const CHUNK = 1024 * 1024;
/** Bigger than any import we promise (a million contacts is ~60 MB). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;
const fileEntity = { 'zh-CN': '上传的文件', 'en-US': 'Uploaded file' };

/**
 * Stores an upload in the database in 1 MB chunks as it arrives (never whole in memory),
 * so whichever app instance runs the import can read it. Marked complete with its SHA-256
 * only when every byte is in.
 */
export async function storeImportFile(db: Executor, actor: Actor, fileName: string, body: AsyncIterable<Buffer>): Promise<ImportFileView> {
  const id = newId();
  await db.insert(importFiles).values({ id, fileName, createdBy: actor.userId });
  const hash = createHash('sha256');
  let size = 0;
  let seq = 0;
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  const flush = async () => {
    if (pendingBytes === 0) return;
    await db.insert(importFileChunks).values({ fileId: id, seq: seq++, data: Buffer.concat(pending) });
    pending = [];
    pendingBytes = 0;
  };
  for await (const chunk of body) {
    hash.update(chunk);
    size += chunk.length;
    if (size > MAX_UPLOAD_BYTES) {
      await db.delete(importFiles).where(eq(importFiles.id, id));
      throw new AppError('file_too_large', { 'zh-CN': '文件超过 1 GB', 'en-US': 'The file is larger than 1 GB' }, undefined, 413);
    }
    pending.push(chunk);
    pendingBytes += chunk.length;
    if (pendingBytes >= CHUNK) await flush();
  }
  await flush();
  const sha256 = hash.digest('hex');
  await db.update(importFiles).set({ size, sha256, complete: true }).where(eq(importFiles.id, id));
  return { id, fileName, size, sha256 };
}

export async function getImportFile(db: Executor, actor: Actor, id: string): Promise<ImportFileView> {
  const [row] = await db.select().from(importFiles).where(eq(importFiles.id, id));
  if (!row || !row.complete || !row.sha256 || (!isManager(actor) && row.createdBy !== actor.userId)) throw new NotFoundError(fileEntity, id);
  return { id: row.id, fileName: row.fileName, size: row.size, sha256: row.sha256 };
}

/** Writes an uploaded file to a temporary path for the readers; cleanup() removes it. */
export async function materializeImportFile(db: Executor, actor: Actor, id: string): Promise<{ file: ImportFileView; path: string; cleanup: () => void }> {
  const file = await getImportFile(db, actor, id);
  const dir = mkdtempSync(join(tmpdir(), 'weixi-import-'));
  // The readers choose the format by extension; keep the uploaded name's.
  const path = join(dir, file.fileName.replace(/[\\/]/g, '_'));
  const out = createWriteStream(path);
  let seq = -1;
  for (;;) {
    const [chunk] = await db.select().from(importFileChunks).where(and(eq(importFileChunks.fileId, id), gt(importFileChunks.seq, seq))).orderBy(asc(importFileChunks.seq)).limit(1);
    if (!chunk) break;
    if (!out.write(chunk.data)) await once(out, 'drain');
    seq = chunk.seq;
  }
  out.end();
  await once(out, 'finish');
  return { file, path, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { importOptionsInput, type ImportOptions } from './import-options.js';
import { importJobs, importKinds, type ImportKind } from './schema.js';

export const createImportJobInput = z.strictObject({
  kind: z.enum(importKinds),
  fileName: z.string().trim().min(1).max(500),
  fileSha256: z.string().regex(/^[0-9a-f]{64}$/),
  fileId: z.uuid().optional(),
  rowsTotal: z.number().int().min(0).optional(),
  options: importOptionsInput.prefault({}),
});
export type CreateImportJobInput = z.input<typeof createImportJobInput>;

/** Records an import before it starts: the job is what progress, resume and the report hang on. */
export async function createImportJob(db: Executor, actor: Actor, input: CreateImportJobInput): Promise<{ id: string; kind: ImportKind; options: ImportOptions }> {
  const data = parseInput(createImportJobInput, input);
  const id = newId();
  await db.transaction(async (tx) => {
    await tx.insert(importJobs).values({
      id,
      kind: data.kind,
      fileName: data.fileName,
      fileSha256: data.fileSha256,
      fileId: data.fileId ?? null,
      rowsTotal: data.rowsTotal ?? null,
      options: data.options,
      createdBy: actor.userId,
    });
    await writeAudit(tx, actor, { action: 'import.create', entity: 'import_job', entityId: id, data: { kind: data.kind, fileName: data.fileName, options: data.options } });
  });
  return { id, kind: data.kind, options: data.options };
}

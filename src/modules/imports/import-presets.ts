import { and, asc, eq, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { ConflictError, NotFoundError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { columnMappingInput, importModes, mergePolicies } from './import-options.js';
import { importKinds, importPresets, type ImportKind } from './schema.js';

/** A saved column mapping (预设) with the options people usually pair with it. */
export const importPresetInput = z.strictObject({
  kind: z.enum(importKinds),
  name: z.string().trim().min(1).max(100),
  mapping: columnMappingInput,
  options: z.strictObject({ mode: z.enum(importModes).optional(), mergePolicy: z.enum(mergePolicies).optional() }).default({}),
});
export type ImportPresetInput = z.input<typeof importPresetInput>;
export type ImportPresetView = { id: string; kind: ImportKind; name: string; mapping: z.output<typeof columnMappingInput>; options: { mode?: (typeof importModes)[number]; mergePolicy?: (typeof mergePolicies)[number] }; updatedAt: string };

const presetEntity = { 'zh-CN': '导入预设', 'en-US': 'Import preset' };
type Row = typeof importPresets.$inferSelect;
const view = (row: Row): ImportPresetView => ({
  id: row.id, kind: row.kind, name: row.name, mapping: row.mapping as ImportPresetView['mapping'], options: row.options as ImportPresetView['options'], updatedAt: row.updatedAt.toISOString(),
});

/** Saves a preset; saving under an existing name (any case) replaces it. */
export async function saveImportPreset(db: Executor, actor: Actor, input: ImportPresetInput): Promise<ImportPresetView> {
  const data = parseInput(importPresetInput, input);
  try {
    return await db.transaction(async (tx) => {
      const [existing] = await tx
        .select({ id: importPresets.id })
        .from(importPresets)
        .where(and(eq(importPresets.kind, data.kind), sql`lower(${importPresets.name}) = lower(${data.name})`))
        .for('update');
      const [row] = existing
        ? await tx.update(importPresets).set({ name: data.name, mapping: data.mapping, options: data.options, updatedAt: sql`now()` }).where(eq(importPresets.id, existing.id)).returning()
        : await tx.insert(importPresets).values({ id: newId(), kind: data.kind, name: data.name, mapping: data.mapping, options: data.options, createdBy: actor.userId }).returning();
      await writeAudit(tx, actor, { action: 'import_preset.save', entity: 'import_preset', entityId: row!.id, data: { kind: data.kind, name: data.name } });
      return view(row!);
    });
  } catch (error) {
    if (isUniqueViolation(error, 'import_presets_name_key')) throw new ConflictError('preset_name_taken', { 'zh-CN': '已有同名预设', 'en-US': 'A preset with this name exists' });
    throw error;
  }
}

export async function listImportPresets(db: Executor, _actor: Actor, kind: ImportKind): Promise<ImportPresetView[]> {
  const rows = await db.select().from(importPresets).where(eq(importPresets.kind, kind)).orderBy(asc(importPresets.name));
  return rows.map(view);
}

/** By id or by name (any case). */
export async function getImportPreset(db: Executor, _actor: Actor, kind: ImportKind, idOrName: string): Promise<ImportPresetView> {
  const byId = z.uuid().safeParse(idOrName).success;
  const [row] = await db
    .select()
    .from(importPresets)
    .where(and(eq(importPresets.kind, kind), byId ? eq(importPresets.id, idOrName) : sql`lower(${importPresets.name}) = lower(${idOrName})`));
  if (!row) throw new NotFoundError(presetEntity, idOrName);
  return view(row);
}

export async function deleteImportPreset(db: Executor, actor: Actor, id: string): Promise<void> {
  await db.transaction(async (tx) => {
    const deleted = await tx.delete(importPresets).where(eq(importPresets.id, id)).returning({ id: importPresets.id });
    if (deleted.length === 0) throw new NotFoundError(presetEntity, id);
    await writeAudit(tx, actor, { action: 'import_preset.delete', entity: 'import_preset', entityId: id });
  });
}

import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ConflictError, ForbiddenError, ValidationError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { createCustomFieldInput, definitionIssues, type CreateCustomFieldInput } from './custom-field-input.js';
import { toCustomFieldView, type CustomFieldView } from './custom-field-view.js';
import { customFieldDefs } from './schema.js';

function keyTaken(key: string): ConflictError {
  return new ConflictError('custom_field_key_taken', {
    'zh-CN': `已有键为 ${key} 的自定义字段`,
    'en-US': `A custom field with key ${key} already exists`,
  }, { field: 'key' });
}

/** Defines a custom field for customer files (managers and admins). */
export async function createCustomField(db: Executor, actor: Actor, input: CreateCustomFieldInput): Promise<CustomFieldView> {
  if (!isManager(actor)) throw new ForbiddenError();
  const data = parseInput(createCustomFieldInput, input);
  const def = { options: data.options ?? [], maxLength: data.maxLength ?? null };
  const issues = definitionIssues(data.type, def);
  if (issues.length > 0) throw new ValidationError(issues);
  return db.transaction(async (tx) => {
    const taken = await tx.select({ id: customFieldDefs.id }).from(customFieldDefs).where(eq(customFieldDefs.key, data.key));
    if (taken.length > 0) throw keyTaken(data.key);
    try {
      const [row] = await tx
        .insert(customFieldDefs)
        .values({
          id: newId(),
          key: data.key,
          labelZh: data.labelZh,
          labelEn: data.labelEn,
          type: data.type,
          ...def,
          required: data.required,
          position: data.position ?? sql`(SELECT coalesce(max(${customFieldDefs.position}), -1) + 1 FROM ${customFieldDefs})`,
        })
        .returning();
      await writeAudit(tx, actor, { action: 'custom_field.create', entity: 'custom_field', entityId: row!.id, data: { key: data.key, type: data.type } });
      return toCustomFieldView(row!);
    } catch (error) {
      if (isUniqueViolation(error, 'custom_field_defs_key_key')) throw keyTaken(data.key);
      throw error;
    }
  });
}

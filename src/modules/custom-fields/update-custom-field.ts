import { eq, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ConflictError, ForbiddenError, NotFoundError, ValidationError, type FieldIssue } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { isManager, type Actor } from '../users/actor.js';
import { definitionIssues, immutableIssue, updateCustomFieldInput, type UpdateCustomFieldInput } from './custom-field-input.js';
import { unsafeCountOptionUse } from './custom-field-values.js';
import { toCustomFieldView, type CustomFieldView } from './custom-field-view.js';
import { customFieldDefs } from './schema.js';

export const customFieldEntity = { 'zh-CN': '自定义字段', 'en-US': 'Custom field' };

/**
 * Changes labels, options, required, maxLength or position (managers and admins). An option
 * cannot be removed while customers still have it: that would leave values no form can show.
 */
export async function updateCustomField(db: Executor, actor: Actor, id: string, input: UpdateCustomFieldInput): Promise<CustomFieldView> {
  if (!isManager(actor)) throw new ForbiddenError();
  const data = parseInput(updateCustomFieldInput, input);
  return db.transaction(async (tx) => {
    const [current] = await tx.select().from(customFieldDefs).where(eq(customFieldDefs.id, id)).for('update');
    if (!current) throw new NotFoundError(customFieldEntity, id);
    const next = {
      options: data.options ?? current.options,
      maxLength: data.maxLength === undefined ? current.maxLength : data.maxLength,
    };
    const issues: FieldIssue[] = [];
    if (data.key !== undefined && data.key !== current.key) issues.push(immutableIssue('key'));
    if (data.type !== undefined && data.type !== current.type) issues.push(immutableIssue('type'));
    issues.push(...definitionIssues(current.type, next));
    if (issues.length > 0) throw new ValidationError(issues);

    const removed = current.options.filter((option) => !next.options.includes(option));
    if (removed.length > 0) {
      const use = await unsafeCountOptionUse(tx, current.key, removed);
      if (use.customers > 0) {
        throw new ConflictError('option_in_use', {
          'zh-CN': `还有 ${use.customers} 位客户在使用要删除的选项：${use.byOption.map((item) => item.option).join('、')}`,
          'en-US': `${use.customers} customers still use the options being removed: ${use.byOption.map((item) => item.option).join(', ')}`,
        }, { field: 'options', count: use.customers, options: use.byOption });
      }
    }
    const changes: Partial<typeof customFieldDefs.$inferInsert> = { ...next };
    if (data.labelZh !== undefined) changes.labelZh = data.labelZh;
    if (data.labelEn !== undefined) changes.labelEn = data.labelEn;
    if (data.required !== undefined) changes.required = data.required;
    if (data.position !== undefined) changes.position = data.position;
    const [row] = await tx.update(customFieldDefs).set({ ...changes, updatedAt: sql`now()` }).where(eq(customFieldDefs.id, id)).returning();
    await writeAudit(tx, actor, {
      action: 'custom_field.update',
      entity: 'custom_field',
      entityId: id,
      data: { key: current.key, fields: Object.keys(data).filter((field) => field !== 'key' && field !== 'type'), removedOptions: removed },
    });
    return toCustomFieldView(row!);
  });
}

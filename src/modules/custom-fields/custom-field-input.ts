import { z } from 'zod';
import type { FieldIssue } from '../../shared/errors.js';
import { bilingual } from '../../shared/zod-issues.js';
import { customFieldTypes, type CustomFieldType } from './schema.js';

export const customFieldKey = z
  .string()
  .refine(
    (value) => /^[a-z][a-z0-9_]{0,62}$/.test(value),
    bilingual('须以小写字母开头，只含小写字母、数字和下划线，最多 63 个字符', 'must start with a–z and contain only a–z, 0–9 and _ (at most 63 characters)'),
  );

const label = z.string().trim().min(1).max(100);
const options = z.array(z.string().trim().min(1).max(100)).max(200);
/** Stored values are capped at 2,000 characters (customFieldValue in customers), so is this. */
const maxLength = z.number().int().min(1).max(2000).nullable();
const position = z.number().int().min(0).max(100_000);

export const createCustomFieldInput = z.strictObject({
  key: customFieldKey,
  labelZh: label,
  labelEn: label,
  type: z.enum(customFieldTypes),
  /** Required (non-empty, no repeats) for select and multiselect; not allowed otherwise. */
  options: options.optional(),
  required: z.boolean().default(false),
  /** Text fields only. */
  maxLength: maxLength.optional(),
  /** Default: after the existing fields. */
  position: position.optional(),
});
export type CreateCustomFieldInput = z.input<typeof createCustomFieldInput>;

/** key and type cannot change (stored values depend on them); sending the current value is fine. */
export const updateCustomFieldInput = z.strictObject({
  key: customFieldKey.optional(),
  type: z.enum(customFieldTypes).optional(),
  labelZh: label.optional(),
  labelEn: label.optional(),
  options: options.optional(),
  required: z.boolean().optional(),
  maxLength: maxLength.optional(),
  position: position.optional(),
});
export type UpdateCustomFieldInput = z.input<typeof updateCustomFieldInput>;

function issue(path: string, code: string, zh: string, en: string): FieldIssue {
  return { path, code, message: { 'zh-CN': zh, 'en-US': en } };
}

export function immutableIssue(path: 'key' | 'type'): FieldIssue {
  return issue(path, 'immutable', '创建后不能修改', 'cannot be changed after the field is created');
}

/** The rules that tie options and maxLength to the field's type. */
export function definitionIssues(type: CustomFieldType, def: { options: string[]; maxLength: number | null }): FieldIssue[] {
  const issues: FieldIssue[] = [];
  if (type === 'select' || type === 'multiselect') {
    if (def.options.length === 0) issues.push(issue('options', 'required', '单选和多选字段至少需要一个选项', 'are required (at least one) for select and multiselect fields'));
    def.options.forEach((option, index) => {
      if (def.options.indexOf(option) !== index) issues.push(issue(`options.${index}`, 'duplicate', '选项重复', 'repeats an earlier option'));
    });
  } else if (def.options.length > 0) {
    issues.push(issue('options', 'not_allowed', '只有单选和多选字段可以有选项', 'are only allowed for select and multiselect fields'));
  }
  if (def.maxLength !== null && type !== 'text') issues.push(issue('maxLength', 'not_allowed', '只有文本字段可以限制长度', 'is only allowed for text fields'));
  return issues;
}

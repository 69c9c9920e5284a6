import type { FieldIssue } from '../../shared/errors.js';
import type { customFieldDefs } from './schema.js';

type Def = typeof customFieldDefs.$inferSelect;
type Value = string | number | string[] | null;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function issue(key: string, code: string, zh: string, en: string): FieldIssue {
  return { path: `customFields.${key}`, code, message: { 'zh-CN': zh, 'en-US': en } };
}

function checkValue(def: Def, value: Value): FieldIssue | undefined {
  const key = def.key;
  switch (def.type) {
    case 'text':
      if (typeof value !== 'string') return issue(key, 'invalid_type', '应为文本', 'must be text');
      if (def.maxLength && value.length > def.maxLength) return issue(key, 'too_big', `最多 ${def.maxLength} 个字符`, `must be at most ${def.maxLength} characters`);
      return undefined;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return issue(key, 'invalid_type', '应为数字', 'must be a number');
      return undefined;
    case 'date':
      if (typeof value !== 'string' || !DATE.test(value) || Number.isNaN(Date.parse(`${value}T00:00:00Z`)) || new Date(`${value}T00:00:00Z`).toISOString().slice(0, 10) !== value) {
        return issue(key, 'invalid_format', '应为日期 YYYY-MM-DD', 'must be a date YYYY-MM-DD');
      }
      return undefined;
    case 'select':
      if (typeof value !== 'string' || !def.options.includes(value)) return issue(key, 'invalid_value', `可选：${def.options.join('、')}`, `must be one of: ${def.options.join(', ')}`);
      return undefined;
    case 'multiselect':
      if (!Array.isArray(value) || value.some((item) => !def.options.includes(item))) {
        return issue(key, 'invalid_value', `只能从以下选择：${def.options.join('、')}`, `must be chosen from: ${def.options.join(', ')}`);
      }
      return undefined;
  }
}

/**
 * Checks custom-field values against their definitions. Null removes a value. On create,
 * required fields must be present; on update only the fields being changed are checked.
 */
export function validateCustomValues(
  defs: Def[],
  values: Record<string, Value>,
  existing: Record<string, unknown>,
  mode: 'create' | 'update',
): { values: Record<string, unknown>; issues: FieldIssue[] } {
  const byKey = new Map(defs.map((def) => [def.key, def]));
  const result: Record<string, unknown> = { ...existing };
  const issues: FieldIssue[] = [];
  for (const [key, value] of Object.entries(values)) {
    const def = byKey.get(key);
    if (!def) {
      issues.push(issue(key, 'unknown_field', '没有这个自定义字段', 'is not a defined custom field'));
      continue;
    }
    if (value === null || (Array.isArray(value) && value.length === 0) || value === '') {
      delete result[key];
      continue;
    }
    const problem = checkValue(def, value);
    if (problem) issues.push(problem);
    else result[key] = value;
  }
  for (const def of defs) {
    const touched = mode === 'create' || Object.hasOwn(values, def.key);
    if (def.required && touched && result[def.key] === undefined) issues.push(issue(def.key, 'required', '必填', 'is required'));
  }
  return { values: result, issues };
}


import type { FieldIssue } from '../../shared/errors.js';

/** Merge fields every template may use; custom-field keys may be used too ({{vip_level}}). */
export const BUILTIN_FIELDS = ['name', 'title', 'company', 'owner.name', 'holiday'] as const;

const FIELD = /\{\{\s*([^{}]*?)\s*\}\}/g;

/** The distinct field names a text uses. */
export function fieldsIn(text: string | null | undefined): string[] {
  return [...new Set([...(text ?? '').matchAll(FIELD)].map((match) => match[1]!))];
}

/** An issue for each field that is neither built in nor a defined custom field, naming it in both languages. */
export function unknownFieldIssues(parts: Record<string, string | null | undefined>, customKeys: ReadonlySet<string>): FieldIssue[] {
  const issues: FieldIssue[] = [];
  for (const [path, text] of Object.entries(parts)) {
    for (const field of fieldsIn(text)) {
      if ((BUILTIN_FIELDS as readonly string[]).includes(field) || customKeys.has(field)) continue;
      issues.push({
        path,
        code: 'unknown_merge_field',
        message: {
          'zh-CN': `未知的合并字段 {{${field}}}：可用 ${BUILTIN_FIELDS.map((name) => `{{${name}}}`).join('、')} 或自定义字段的键`,
          'en-US': `unknown merge field {{${field}}}: use ${BUILTIN_FIELDS.map((name) => `{{${name}}}`).join(', ')} or a custom field key`,
        },
      });
    }
  }
  return issues;
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
}

/** Replaces each {{field}} with its value (empty when the customer has none); `html` escapes values. */
export function fillFields(text: string, values: Record<string, string>, options: { html?: boolean } = {}): string {
  return text.replace(FIELD, (_whole, field: string) => {
    const value = values[field] ?? '';
    return options.html ? escapeHtml(value) : value;
  });
}

import type { CustomFieldDefinition } from '../contract.js';
import { parseDate } from './parse-date.js';

export type CustomValueResult = { value: string | number | string[] } | { code: string; zh: string; en: string };

function option(def: CustomFieldDefinition, text: string): string | undefined {
  const wanted = text.normalize('NFKC').trim().toLowerCase();
  return def.options.find((candidate) => candidate.normalize('NFKC').trim().toLowerCase() === wanted);
}

/** Parses "12,000.50" or "１２０００" as a number; undefined for anything else. */
export function parseNumber(text: string): number | undefined {
  const clean = text.normalize('NFKC').trim().replace(/(\d),(?=\d{3}\b)/g, '$1');
  if (!/^[-+]?(?:\d+\.?\d*|\.\d+)$/.test(clean)) return undefined;
  const value = Number(clean);
  return Number.isFinite(value) ? value : undefined;
}

/**
 * A custom field's cell as the value the customers module stores: text within its length,
 * a number, an ISO date, or options spelled as defined (compared ignoring case and width).
 */
export function customFieldValue(def: CustomFieldDefinition, cell: string): CustomValueResult {
  const text = cell.trim();
  switch (def.type) {
    case 'text':
      if (def.maxLength && text.length > def.maxLength) return { code: 'too_long', zh: `最多 ${def.maxLength} 个字符`, en: `must be at most ${def.maxLength} characters` };
      return { value: text };
    case 'number': {
      const value = parseNumber(text);
      return value === undefined ? { code: 'not_a_number', zh: '应为数字', en: 'must be a number' } : { value };
    }
    case 'date': {
      const parsed = parseDate(text);
      if (!parsed || parsed.yearUnknown) return { code: 'invalid_date', zh: '不是有效的日期（如 2024-05-01）', en: 'is not a valid date (e.g. 2024-05-01)' };
      return { value: parsed.date };
    }
    case 'select': {
      const value = option(def, text);
      return value === undefined ? { code: 'invalid_option', zh: `可选：${def.options.join('、')}`, en: `must be one of: ${def.options.join(', ')}` } : { value };
    }
    case 'multiselect': {
      const parts = text.split(/[,;，；、/|]+/).map((part) => part.trim()).filter(Boolean);
      const values = parts.map((part) => option(def, part));
      const unknown = parts.filter((_, index) => values[index] === undefined);
      if (unknown.length > 0) return { code: 'invalid_option', zh: `"${unknown.join('、')}"不在可选项中（${def.options.join('、')}）`, en: `"${unknown.join(', ')}" is not among the options (${def.options.join(', ')})` };
      return { value: [...new Set(values as string[])] };
    }
  }
}

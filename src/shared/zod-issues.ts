import type { z } from 'zod';
import type { FieldIssue, Messages } from './errors.js';

/**
 * Turns zod issues into field issues with messages in both product languages, so a
 * 400 names each bad field and says why in the caller's language.
 */
type LooseIssue = {
  code: string;
  path: PropertyKey[];
  message?: string;
  expected?: string;
  maximum?: number | bigint;
  minimum?: number | bigint;
  origin?: string;
  format?: string;
  keys?: string[];
  values?: unknown[];
  params?: { zh?: string; en?: string };
  input?: unknown;
};

const typeNames: Record<string, Messages> = {
  string: { 'zh-CN': '文本', 'en-US': 'text' },
  number: { 'zh-CN': '数字', 'en-US': 'a number' },
  boolean: { 'zh-CN': '布尔值', 'en-US': 'true or false' },
  array: { 'zh-CN': '列表', 'en-US': 'a list' },
  object: { 'zh-CN': '对象', 'en-US': 'an object' },
};

function sizeMessage(issue: LooseIssue, big: boolean): Messages {
  const limit = String(big ? issue.maximum : issue.minimum);
  switch (issue.origin) {
    case 'string':
      return big
        ? { 'zh-CN': `最多 ${limit} 个字符`, 'en-US': `must be at most ${limit} characters` }
        : { 'zh-CN': `至少 ${limit} 个字符`, 'en-US': `must be at least ${limit} characters` };
    case 'array':
    case 'set':
      return big
        ? { 'zh-CN': `最多 ${limit} 项`, 'en-US': `must have at most ${limit} items` }
        : { 'zh-CN': `至少 ${limit} 项`, 'en-US': `must have at least ${limit} items` };
    default:
      return big
        ? { 'zh-CN': `不能大于 ${limit}`, 'en-US': `must be at most ${limit}` }
        : { 'zh-CN': `不能小于 ${limit}`, 'en-US': `must be at least ${limit}` };
  }
}

/**
 * Whether the value was absent. Zod 4 leaves the input out of an issue unless asked
 * (reportInput), so `input === undefined` held for every wrong type ("ninety" for a number
 * read as "is required"); its message still says what it received.
 */
function isMissing(issue: LooseIssue): boolean {
  if ('input' in issue) return issue.input === undefined;
  return /received undefined$/.test(issue.message ?? '');
}

function messageFor(issue: LooseIssue): Messages {
  switch (issue.code) {
    case 'invalid_type': {
      if (isMissing(issue)) return { 'zh-CN': '必填', 'en-US': 'is required' };
      const type = typeNames[issue.expected ?? ''] ?? { 'zh-CN': issue.expected ?? '', 'en-US': issue.expected ?? '' };
      return { 'zh-CN': `类型错误，应为${type['zh-CN']}`, 'en-US': `must be ${type['en-US']}` };
    }
    case 'too_big':
      return sizeMessage(issue, true);
    case 'too_small':
      if (issue.origin === 'string' && Number(issue.minimum) === 1) return { 'zh-CN': '不能为空', 'en-US': 'must not be empty' };
      return sizeMessage(issue, false);
    case 'invalid_format':
      return { 'zh-CN': `格式不正确（${issue.format}）`, 'en-US': `has an invalid format (${issue.format})` };
    case 'invalid_value':
      return {
        'zh-CN': `取值无效，可选：${(issue.values ?? []).join('、')}`,
        'en-US': `must be one of: ${(issue.values ?? []).join(', ')}`,
      };
    case 'unrecognized_keys':
      return { 'zh-CN': '未知字段', 'en-US': 'is not a known field' };
    case 'custom':
      if (issue.params?.zh && issue.params.en) return { 'zh-CN': issue.params.zh, 'en-US': issue.params.en };
      return { 'zh-CN': '取值无效', 'en-US': issue.message ?? 'is invalid' };
    default:
      return { 'zh-CN': '取值无效', 'en-US': issue.message ?? 'is invalid' };
  }
}

export function pathToString(path: PropertyKey[]): string {
  return path.map(String).join('.');
}

export function toFieldIssues(issues: readonly LooseIssue[] | readonly z.core.$ZodIssue[], prefix: PropertyKey[] = []): FieldIssue[] {
  const result: FieldIssue[] = [];
  for (const raw of issues as readonly LooseIssue[]) {
    const base = [...prefix, ...raw.path];
    if (raw.code === 'unrecognized_keys') {
      for (const key of raw.keys ?? []) {
        result.push({ path: pathToString([...base, key]), code: raw.code, message: messageFor(raw) });
      }
      continue;
    }
    result.push({ path: pathToString(base), code: raw.code, message: messageFor(raw) });
  }
  return result;
}

/** A custom zod issue carrying both languages (use with ctx.addIssue or .refine params). */
export function bilingual(zh: string, en: string): { message: string; params: { zh: string; en: string } } {
  return { message: en, params: { zh, en } };
}

/**
 * A pattern check whose message survives in both languages (zod's own .regex() keeps
 * only one message string).
 */
export function matching<T extends z.ZodType<string>>(schema: T, pattern: RegExp, zh: string, en: string) {
  return schema.refine((value) => pattern.test(value), bilingual(zh, en));
}

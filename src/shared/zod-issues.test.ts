import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { toFieldIssues } from './zod-issues.js';

const schema = z.strictObject({ days: z.number(), name: z.string().optional() });
const issuesOf = (input: unknown) => {
  const result = schema.safeParse(input);
  if (result.success) throw new Error('expected a validation failure');
  return toFieldIssues(result.error.issues);
};

describe('zod issues as field errors', () => {
  it('says a missing field is required', () => {
    expect(issuesOf({})).toMatchObject([{ path: 'days', message: { 'zh-CN': '必填', 'en-US': 'is required' } }]);
  });

  it('says a value of the wrong type has the wrong type, not that it is missing', () => {
    expect(issuesOf({ days: 'ninety' })).toMatchObject([{ path: 'days', message: { 'zh-CN': '类型错误，应为数字', 'en-US': 'must be a number' } }]);
    expect(issuesOf({ days: null })).toMatchObject([{ path: 'days', message: { 'en-US': 'must be a number' } }]);
    expect(issuesOf({ days: 1, name: 5 })).toMatchObject([{ path: 'name', message: { 'en-US': 'must be text' } }]);
  });
});

import { describe, expect, it } from 'vitest';
import { buildSearchFields, buildSearchQuery, namePinyin } from './search-fields.js';

function matches(fields: ReturnType<typeof buildSearchFields>, input: string): boolean {
  const query = buildSearchQuery(input)!;
  const grams = new Set(fields.grams);
  const like = new RegExp(
    query.pattern
      .slice(1, -1)
      .replace(/\\([\\%_])/g, '$1')
      .replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
  );
  return query.grams.every((gram) => grams.has(gram)) && like.test(fields.searchText);
}

describe('customer search fields', () => {
  const zhangwei = buildSearchFields({
    name: '张伟',
    company: '杭州西湖茶业有限公司',
    phones: [{ number: '+86 138 0013 8000' }],
    emails: [{ address: 'Zhang.Wei@Example.com' }],
  });

  it('finds a Chinese name by substring, full pinyin and initials', () => {
    expect(matches(zhangwei, '张')).toBe(true);
    expect(matches(zhangwei, '张伟')).toBe(true);
    expect(matches(zhangwei, 'zhangwei')).toBe(true);
    expect(matches(zhangwei, 'zw')).toBe(true);
    expect(matches(zhangwei, 'ZHANG')).toBe(true);
    expect(matches(zhangwei, '李')).toBe(false);
    expect(matches(zhangwei, 'lw')).toBe(false);
  });

  it('finds a phone by any fragment in any format', () => {
    expect(matches(zhangwei, '0013')).toBe(true);
    expect(matches(zhangwei, '138-0013-8000')).toBe(true);
    expect(matches(zhangwei, '+86 13800138000')).toBe(true);
    expect(matches(zhangwei, '139')).toBe(false);
  });

  it('finds the company by a Chinese fragment', () => {
    expect(matches(zhangwei, '西湖茶')).toBe(true);
    expect(matches(zhangwei, '龙井')).toBe(false);
  });

  it('reads surnames as surnames', () => {
    expect(namePinyin('曾小贤').full).toBe('zengxiaoxian');
    expect(namePinyin('单田芳').initials).toBe('stf');
  });

  it('treats LIKE wildcards in the query literally', () => {
    expect(buildSearchQuery('50%_off')!.pattern).toBe('%50\\%\\_off%');
    expect(buildSearchQuery('   ')).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { normalizePhone } from './phones.js';

describe('normalizePhone', () => {
  it.each([
    ['13800138000', { number: '+8613800138000' }],
    ['+86 138 0013 8000', { number: '+8613800138000' }],
    ['138-0013-8000', { number: '+8613800138000' }],
    ['0571-88881234', { number: '+8657188881234' }],
    ['(0571) 8888 1234 转 806', { number: '+8657188881234', ext: '806' }],
    ['010 6552 9988 ext. 12', { number: '+861065529988', ext: '12' }],
    ['+1 (415) 555-2671', { number: '+14155552671' }],
    ['＋８６　１３８００１３８０００', { number: '+8613800138000' }],
  ])('reads %s', (raw, expected) => {
    expect(normalizePhone(raw)).toEqual(expected);
  });

  it.each(['abc', '138-call-me', '12', '', '+86 1'])('refuses %s', (raw) => {
    expect(normalizePhone(raw)).toBeUndefined();
  });

  it('reads numbers without a country code in the given region', () => {
    expect(normalizePhone('0412 345 678', 'AU')).toEqual({ number: '+61412345678' });
  });
});

import { describe, expect, it } from 'vitest';
import { smsPhone } from './sms-phone.js';

describe('smsPhone', () => {
  it.each([
    ['13800138000', undefined, '+8613800138000'],
    ['+86 138-0013-8000', undefined, '+8613800138000'],
    ['１３８００１３８０００', undefined, '+8613800138000'],
    ['13800138000', '86', '+8613800138000'],
    ['2025550123', '1', '+12025550123'],
    ['+85291234567', undefined, '+85291234567'],
  ])('%j (country %j) is %j', (raw, country, expected) => expect(smsPhone(raw, country)).toBe(expected));

  it.each(['1381111****', '021-88881234', '+862188881234', '+8612345', '13800138000 ext 12', 'TD', ''])('%j cannot receive SMS', (raw) => {
    expect(smsPhone(raw)).toBeUndefined();
  });
});

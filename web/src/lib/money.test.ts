import { describe, expect, it } from 'vitest';
import { formatMoney, normalizeDecimal, subtractMoney, toCents } from './money';

describe('money in the web app', () => {
  it('adds and subtracts in cents, never in floating point', () => {
    expect(toCents('0.1')! + toCents('0.2')!).toBe(30n);
    expect(subtractMoney('100.10', '0.20')).toBe('99.90');
    expect(subtractMoney('10.00', '12.50')).toBe('-2.50');
  });

  it('formats with grouping and the currency sign', () => {
    expect(formatMoney('1234567.8', 'CNY')).toBe('¥1,234,567.80');
    expect(formatMoney('-5', 'USD')).toBe('-$5.00');
    expect(formatMoney('12', null)).toBe('12.00');
  });

  it('normalises what people type', () => {
    expect(normalizeDecimal(' 12 ')).toBe('12.00');
    expect(normalizeDecimal('12.5')).toBe('12.50');
    expect(normalizeDecimal('abc')).toBeNull();
    expect(normalizeDecimal('')).toBeNull();
  });
});

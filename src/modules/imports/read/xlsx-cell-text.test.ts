import { describe, expect, it } from 'vitest';
import { cellText, isDateFormat, numberText } from './xlsx-cell-text.js';

describe('xlsx cell text', () => {
  it('writes numbers as Excel shows them, never in exponent form', () => {
    expect(numberText(13800138000)).toBe('13800138000');
    expect(numberText(0.1 + 0.2)).toBe('0.3');
    expect(numberText(12000.5)).toBe('12000.5');
    expect(numberText(1e-7)).toBe('0.0000001');
  });

  it('recognises date formats but not number formats', () => {
    expect(['yyyy-mm-dd', 'yyyy"年"m"月"d"日"', 'm/d/yy h:mm', '[$-804]yyyy/m/d'].map(isDateFormat)).toEqual([true, true, true, true]);
    expect(['0', '0.00', '#,##0', '0%', '"mm"0', undefined].map(isDateFormat)).toEqual([false, false, false, false, false, false]);
  });

  it('flattens rich text, reads formula results, hyperlinks and errors', () => {
    expect(cellText({ richText: [{ text: '刘' }, { text: '备' }] })).toBe('刘备');
    expect(cellText({ formula: 'A1*2', result: 257 })).toBe('257');
    expect(cellText({ formula: 'DATE(1985,3,1)', result: 31107 }, 'yyyy-mm-dd')).toBe('1985-03-01');
    expect(cellText({ text: 'mail me', hyperlink: 'mailto:a@b.cn' })).toBe('mail me');
    expect(cellText({ error: '#N/A' })).toBe('#N/A');
    expect(cellText(new Date(Date.UTC(2024, 2, 1, 10, 30)))).toBe('2024-03-01 10:30:00');
    expect(cellText(true)).toBe('TRUE');
  });
});

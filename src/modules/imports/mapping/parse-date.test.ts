import { describe, expect, it } from 'vitest';
import { parseDate } from './parse-date.js';
import { parseDateTime } from './parse-date-time.js';

describe('parseDate', () => {
  it('reads the usual written forms of one day', () => {
    for (const text of ['1990-05-01', '1990/5/1', '1990.5.1', '19900501', '1990年5月1日', '1990 年 5 月 1 日', '1990-05-01 00:00:00', '1990-05-01T08:00:00Z', '5/1/1990', 'May 1, 1990', '1 May 1990', '１９９０－０５－０１', '32994']) {
      expect(parseDate(text), text).toEqual({ date: '1990-05-01' });
    }
  });

  it('reads a day first when the first number cannot be a month', () => {
    expect(parseDate('25/12/1990')).toEqual({ date: '1990-12-25' });
  });

  it('marks dates without a year, standing in 1904', () => {
    for (const text of ['5月1日', '05-01', '5/1', '--0501', '--05-01']) expect(parseDate(text), text).toEqual({ date: '1904-05-01', yearUnknown: true });
    expect(parseDate('2月29日')).toEqual({ date: '1904-02-29', yearUnknown: true });
  });

  it('converts lunar birthdays to the solar day they fell on', () => {
    // 1990 四月初七 was 1990-05-01; 1988 中秋 (八月十五) was 1988-09-25; 2020 had a leap fourth month, 闰四月初七 = 2020-05-29.
    for (const text of ['农历1990年四月初七', '阴历 1990年四月初七', '农历1990-04-07', '1990-04-07（农历）', '农历1990年4月7日']) {
      expect(parseDate(text), text).toEqual({ date: '1990-05-01', lunar: true });
    }
    expect(parseDate('农历1988年八月十五')).toEqual({ date: '1988-09-25', lunar: true });
    expect(parseDate('农历2020年闰四月初七')).toEqual({ date: '2020-05-29', lunar: true });
  });

  it('keeps the lunar month and day of a lunar birthday without a year', () => {
    // 1904 四月初七 = 1904-05-21; 腊月廿三 of lunar 1904 = 1905-01-28; 1906 was the first year from 1904 with a leap fourth month.
    expect(parseDate('农历四月初七')).toEqual({ date: '1904-05-21', lunar: true, yearUnknown: true });
    expect(parseDate('农历腊月廿三')).toEqual({ date: '1905-01-28', lunar: true, yearUnknown: true });
    expect(parseDate('农历闰四月初七')).toMatchObject({ date: '1906-05-29', lunar: true, yearUnknown: true });
  });

  it('refuses what is not a day', () => {
    expect(parseDate('2000-02-29')).toEqual({ date: '2000-02-29' });
    for (const text of ['1900-02-29', '1990-02-30', '1992-13-45', '19901301', '2月30日', 'not a date', '农历1990年闰四月初七', '农历三十五', '']) expect(parseDate(text), text).toBeUndefined();
  });
});

describe('parseDateTime', () => {
  it('reads times without a zone in the company time zone', () => {
    expect(parseDateTime('2010-12-01 08:26:00', 'Asia/Shanghai')).toBe('2010-12-01T00:26:00.000Z');
    expect(parseDateTime('2010-12-01 08:26', 'Europe/London')).toBe('2010-12-01T08:26:00.000Z');
    expect(parseDateTime('2011-07-01 08:26', 'Europe/London')).toBe('2011-07-01T07:26:00.000Z');
    expect(parseDateTime('12/1/2010 8:26', 'Europe/London')).toBe('2010-12-01T08:26:00.000Z');
    expect(parseDateTime('2024年5月1日 14:30', 'Asia/Shanghai')).toBe('2024-05-01T06:30:00.000Z');
    expect(parseDateTime('2024/5/1', 'Asia/Shanghai')).toBe('2024-04-30T16:00:00.000Z');
    expect(parseDateTime('45413.5', 'Asia/Shanghai')).toBe('2024-05-01T04:00:00.000Z');
  });

  it('keeps an explicit zone and refuses impossible times', () => {
    expect(parseDateTime('2024-05-01T10:00:00+08:00', 'Europe/London')).toBe('2024-05-01T02:00:00.000Z');
    expect(parseDateTime('2024-05-01 25:00', 'Asia/Shanghai')).toBeUndefined();
    expect(parseDateTime('yesterday', 'Asia/Shanghai')).toBeUndefined();
  });
});

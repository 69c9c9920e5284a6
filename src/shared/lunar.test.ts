import { Solar } from 'lunar-typescript';
import { describe, expect, it } from 'vitest';
import { lunarBirthdayText } from './lunar.js';

function isoOf(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The library's own full Solar→Lunar conversion, the reference for the fast path. */
function referenceText(isoDate: string): string {
  const [year, month, day] = isoDate.split('-').map(Number) as [number, number, number];
  const lunar = Solar.fromYmd(year, month, day).getLunar();
  return `${lunar.getMonthInChinese()}月${lunar.getDayInChinese()}`;
}

describe('lunarBirthdayText', () => {
  it('names well-known dates', () => {
    expect(lunarBirthdayText('2023-09-29')).toBe('八月十五'); // Mid-Autumn 2023
    expect(lunarBirthdayText('2024-02-10')).toBe('正月初一'); // Spring Festival 2024
    expect(lunarBirthdayText('2020-05-23')).toBe('闰四月初一'); // 2020 had a leap fourth month
    expect(lunarBirthdayText('2024-02-09')).toBe('腊月三十');
  });

  it('agrees with the full conversion on every day of leap-month years and on dates across a century', () => {
    const dates: string[] = [];
    for (const year of [1900, 1976, 2020, 2023, 2025, 2033]) {
      for (let day = new Date(Date.UTC(year, 0, 1)); day.getUTCFullYear() === year; day = new Date(day.getTime() + 86_400_000)) dates.push(isoOf(day));
    }
    for (let time = Date.UTC(1901, 0, 1); time < Date.UTC(2030, 0, 1); time += 13 * 86_400_000) dates.push(isoOf(new Date(time)));
    const mismatches = dates.filter((date) => lunarBirthdayText(date) !== referenceText(date));
    expect(mismatches).toEqual([]);
    expect(dates.length).toBeGreaterThan(5000);
  });
});

import { Lunar, LunarYear } from 'lunar-typescript';
import type { Rng } from './random.js';

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  return month === 2 && isLeapYear(year) ? 29 : DAYS_IN_MONTH[month - 1]!;
}

function ymd(year: number, month: number, day: number): string {
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

/** A uniformly chosen valid Gregorian date in the year. */
export function solarDate(year: number, rng: Rng): string {
  const month = rng.int(1, 12);
  return ymd(year, month, rng.int(1, daysInMonth(year, month)));
}

/** The lunar year's leap month: its number (0 = none), length, and its first day as a solar date. */
type LeapShape = { leapMonth: number; leapDays: number; firstDay: number };
const leapYears = new Map<number, LeapShape>();

function leapShape(year: number): LeapShape {
  let shape = leapYears.get(year);
  if (!shape) {
    const lunarYear = LunarYear.fromYear(year);
    const leapMonth = lunarYear.getLeapMonth();
    const month = leapMonth > 0 ? lunarYear.getMonthsInYear().find((candidate) => candidate.getMonth() === -leapMonth) : undefined;
    // Converting each date is slow (astronomical calculations); converting the month's
    // first day once per year and counting days from it is not.
    const firstDay = month ? Date.parse(`${Lunar.fromYmd(year, -leapMonth, 1).getSolar().toYmd()}T00:00:00Z`) : 0;
    shape = { leapMonth, leapDays: month?.getDayCount() ?? 0, firstDay };
    leapYears.set(year, shape);
  }
  return shape;
}

/**
 * A solar date of birth that falls in a lunar leap month (闰月) of a lunar year near
 * `year`, or undefined when none of the next few lunar years has one. customers.birthday
 * is always the solar date; the lunar anniversary is derived from it.
 */
export function leapMonthBirthDate(year: number, rng: Rng): string | undefined {
  for (let candidate = year; candidate < year + 4; candidate++) {
    const { leapMonth, leapDays, firstDay } = leapShape(candidate);
    if (leapMonth === 0) continue;
    return new Date(firstDay + (rng.int(1, leapDays) - 1) * 86_400_000).toISOString().slice(0, 10);
  }
  return undefined;
}

import { LunarYear } from 'lunar-typescript';
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

type LunarYearShape = { leapMonth: number; monthDays: Map<number, number> };
const lunarYears = new Map<number, LunarYearShape>();

/** Month lengths of a lunar year (negative month = the leap month), cached per year. */
function lunarYear(year: number): LunarYearShape {
  let shape = lunarYears.get(year);
  if (!shape) {
    const source = LunarYear.fromYear(year);
    const monthDays = new Map<number, number>();
    for (const month of source.getMonthsInYear()) monthDays.set(month.getMonth(), month.getDayCount());
    shape = { leapMonth: source.getLeapMonth(), monthDays };
    lunarYears.set(year, shape);
  }
  return shape;
}

/**
 * A lunar birthday stored the way customers.birthday keeps it: lunar year, month and day
 * in a Gregorian-shaped date, with the leap-month flag apart. Only days the lunar month
 * really has are chosen, and 2-29/2-30 are avoided when they would not be a valid
 * Gregorian-shaped date.
 */
export function lunarBirthday(year: number, rng: Rng): { date: string; leapMonth: boolean } {
  const shape = lunarYear(year);
  // Leap months are rare in nature (about one lunar birthday in forty); shown a bit more
  // often here so the demo has some to display.
  const leapMonth = shape.leapMonth > 0 && rng.chance(0.12);
  const month = leapMonth ? shape.leapMonth : rng.int(1, 12);
  const length = shape.monthDays.get(leapMonth ? -month : month) ?? 29;
  const day = rng.int(1, Math.min(length, daysInMonth(year, month)));
  return { date: ymd(year, month, day), leapMonth };
}

import { LunarYear, Solar } from 'lunar-typescript';

type LunarMonthSpan = { firstJulianDay: number; days: number; text: string };

const MONTHS = ['正', '二', '三', '四', '五', '六', '七', '八', '九', '十', '冬', '腊'];
const DAY_TENS = ['初', '十', '廿', '三'];
const DAY_UNITS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];

function parts(isoDate: string): [number, number, number] {
  const [year, month, day] = isoDate.split('-').map(Number);
  return [year!, month!, day!];
}

function dayText(day: number): string {
  if (day === 10) return '初十';
  if (day === 20) return '二十';
  if (day === 30) return '三十';
  return DAY_TENS[Math.floor(day / 10)]! + DAY_UNITS[(day - 1) % 10]!;
}

// Solar→Lunar through lunar-typescript builds a whole Lunar object (solar terms of the
// year and more): about 1 ms a date, which made a page of 50 customers visibly slower.
// The month spans of a lunar year are all a birthday needs; they are computed once a year.
const spansByYear = new Map<number, LunarMonthSpan[]>();

function monthSpans(lunarYear: number): LunarMonthSpan[] {
  let spans = spansByYear.get(lunarYear);
  if (!spans) {
    spans = LunarYear.fromYear(lunarYear).getMonthsInYear().map((month) => {
      const number = month.getMonth();
      return { firstJulianDay: month.getFirstJulianDay(), days: month.getDayCount(), text: (number < 0 ? '闰' : '') + MONTHS[Math.abs(number) - 1]! };
    });
    spansByYear.set(lunarYear, spans);
  }
  return spans;
}

/** The lunar month and day of a solar date in Chinese, e.g. 闰五月初三 or 八月十五. */
export function lunarBirthdayText(isoDate: string): string {
  const [year, month, day] = parts(isoDate);
  // Solar Julian days count from noon (x.5 at midnight); the month tables use whole days.
  const julianDay = Math.round(Solar.fromYmd(year, month, day).getJulianDay());
  // A solar date lies in the lunar year of the same number or, before the new year, the one before.
  for (const lunarYear of [year, year - 1]) {
    for (const span of monthSpans(lunarYear)) {
      const offset = julianDay - span.firstJulianDay;
      if (offset >= 0 && offset < span.days) return `${span.text}月${dayText(offset + 1)}`;
    }
  }
  // Outside the library's tables (it covers far more than any birthday): ask it directly.
  const lunar = Solar.fromYmd(year, month, day).getLunar();
  return `${lunar.getMonthInChinese()}月${lunar.getDayInChinese()}`;
}

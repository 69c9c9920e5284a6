import { Lunar, LunarMonth } from 'lunar-typescript';
import { YEAR_UNKNOWN, type ParsedDate } from './date-types.js';

const MONTHS: Record<string, number> = { 正: 1, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 冬: 11, 十二: 12, 腊: 12, 臘: 12 };
const DIGITS: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 初七 → 7, 十五 → 15, 廿三 → 23, 三十 → 30, 7 → 7. */
function lunarDay(text: string): number | undefined {
  if (/^\d{1,2}$/.test(text)) return Number(text);
  const match = /^(初|十|廿|二十|卅|三十)?([一二三四五六七八九十])?$/.exec(text);
  if (!match || text === '') return undefined;
  const [, tens = '', unit = ''] = match;
  if (tens === '初') return unit === '十' ? 10 : DIGITS[unit];
  if (tens === '') return unit === '十' ? 10 : undefined;
  const base = tens === '十' ? 10 : tens === '廿' || tens === '二十' ? 20 : 30;
  if (unit === '') return base === 10 ? undefined : base; // 十 alone is not a day; 二十, 三十 are
  if (unit === '十') return undefined;
  return base + DIGITS[unit]!;
}

type LunarParts = { year?: number; month: number; leap: boolean; day: number };

function lunarParts(text: string): LunarParts | undefined {
  const numeric = /^(?:(\d{4})[-/.年])?(闰)?(\d{1,2})[-/.月](\d{1,2})[日号]?$/.exec(text);
  if (numeric) return { year: numeric[1] ? Number(numeric[1]) : undefined, leap: Boolean(numeric[2]), month: Number(numeric[3]), day: Number(numeric[4]) };
  const written = /^(?:(\d{4})年)?(闰)?(正|一|二|三|四|五|六|七|八|九|十一|十二|十|冬|腊|臘)月(.+)$/.exec(text);
  if (!written) return undefined;
  const day = lunarDay(written[4]!.replace(/[日号]$/, ''));
  if (day === undefined) return undefined;
  return { year: written[1] ? Number(written[1]) : undefined, leap: Boolean(written[2]), month: MONTHS[written[3]!]!, day };
}

function exists(year: number, month: number, leap: boolean, day: number): boolean {
  if (month < 1 || month > 12 || day < 1 || day > 30) return false;
  const lunarMonth = LunarMonth.fromYm(year, leap ? -month : month);
  return lunarMonth !== null && day <= lunarMonth.getDayCount();
}

/**
 * A lunar date (after 农历/阴历 has been removed): 1990年四月初七, 闰四月初七, 1990-04-07,
 * 腊月廿三. Returns the solar date it falls on, flagged lunar. Without a year, the first
 * year from 1904 in which that month (leap month) has that day stands in, so converting
 * back gives the same lunar month and day.
 */
export function parseLunarDate(text: string): ParsedDate | undefined {
  const parts = lunarParts(text.replace(/\s+/g, ''));
  if (!parts) return undefined;
  let year = parts.year;
  if (year === undefined) {
    for (let candidate = YEAR_UNKNOWN; candidate < 2100 && year === undefined; candidate++) {
      if (exists(candidate, parts.month, parts.leap, parts.day)) year = candidate;
    }
    if (year === undefined) return undefined;
  } else if (year < 1900 || year > 2099 || !exists(year, parts.month, parts.leap, parts.day)) {
    return undefined;
  }
  const solar = Lunar.fromYmd(year, parts.leap ? -parts.month : parts.month, parts.day).getSolar();
  return { date: solar.toYmd(), lunar: true, ...(parts.year === undefined ? { yearUnknown: true } : {}) };
}

import { fromExcelSerial } from './parse-date.js';

const formatters = new Map<string, Intl.DateTimeFormat>();
/** Offsets change at most a few times a year: remember them per zone and hour. */
const offsets = new Map<string, Map<number, number>>();

function formatter(timeZone: string): Intl.DateTimeFormat {
  let format = formatters.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, format);
  }
  return format;
}

/** Minutes the zone is ahead of UTC at an instant. */
function offsetAt(instant: number, timeZone: string): number {
  const hour = Math.floor(instant / 3_600_000);
  let zone = offsets.get(timeZone);
  if (!zone) offsets.set(timeZone, (zone = new Map()));
  const known = zone.get(hour);
  if (known !== undefined) return known;
  const parts = Object.fromEntries(formatter(timeZone).formatToParts(new Date(instant)).map((part) => [part.type, part.value]));
  const wall = Date.UTC(Number(parts.year), Number(parts.month) - 1, Number(parts.day), Number(parts.hour), Number(parts.minute), Number(parts.second));
  const offset = Math.round((wall - Math.floor(instant / 1000) * 1000) / 60_000);
  if (zone.size > 100_000) zone.clear();
  zone.set(hour, offset);
  return offset;
}

/** A wall-clock time in a zone (given as if it were UTC) → the real instant. */
export function zonedToInstant(wall: number, timeZone: string): number {
  const first = wall - offsetAt(wall, timeZone) * 60_000;
  return wall - offsetAt(first, timeZone) * 60_000;
}

function wallTime(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number | undefined {
  const wall = Date.UTC(year, month - 1, day, hour, minute, second);
  const date = new Date(wall);
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day || hour > 23 || minute > 59 || second > 59) return undefined;
  return wall;
}

const TIME = String.raw`(?:[T\s]+(\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?`;
const YMD = new RegExp(String.raw`^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})${TIME}$`);
const CHINESE = new RegExp(String.raw`^(\d{4})年(\d{1,2})月(\d{1,2})[日号]?${TIME}$`);
const MDY = new RegExp(String.raw`^(\d{1,2})/(\d{1,2})/(\d{4})${TIME}$`);
const COMPACT = new RegExp(String.raw`^(\d{4})(\d{2})(\d{2})${TIME}$`);
const ZONED = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})$/i;

/**
 * An order time as an ISO instant. Written with a zone (2024-05-01T10:00:00+08:00) it is
 * taken as is; otherwise (2010-12-01 08:26:00, 2024/5/1, 12/1/2010 8:26, 2024年5月1日
 * 10:00, an Excel serial) it is read in the company's time zone.
 */
let last = { cell: '', timeZone: '', result: undefined as string | undefined };

export function parseDateTime(cell: string, timeZone: string): string | undefined {
  // The line items of one order repeat its time: remember the last answer.
  if (cell === last.cell && timeZone === last.timeZone) return last.result;
  const result = parseUncached(cell, timeZone);
  last = { cell, timeZone, result };
  return result;
}

function parseUncached(cell: string, timeZone: string): string | undefined {
  const text = cell.trim();
  let wall: number | undefined;
  const match = YMD.exec(text) ?? CHINESE.exec(text) ?? COMPACT.exec(text);
  if (match) {
    wall = wallTime(Number(match[1]), Number(match[2]), Number(match[3]), Number(match[4] ?? 0), Number(match[5] ?? 0), Number(match[6] ?? 0));
  } else if (ZONED.test(text)) {
    const instant = Date.parse(text);
    return Number.isNaN(instant) ? undefined : new Date(instant).toISOString();
  } else if (text !== text.normalize('NFKC')) {
    return parseUncached(text.normalize('NFKC'), timeZone);
  } else {
    const us = MDY.exec(text);
    if (us) {
      const [first, second, year] = [Number(us[1]), Number(us[2]), Number(us[3])];
      const [month, day] = first > 12 ? [second, first] : [first, second];
      wall = wallTime(year, month, day, Number(us[4] ?? 0), Number(us[5] ?? 0), Number(us[6] ?? 0));
    } else if (/^\d{1,5}(?:\.\d+)?$/.test(text) && Number(text) >= 1) {
      const serial = Number(text);
      wall = Date.parse(`${fromExcelSerial(serial)}T00:00:00Z`) + Math.round((serial % 1) * 86_400) * 1000;
    }
  }
  if (wall === undefined) return undefined;
  return new Date(zonedToInstant(wall, timeZone)).toISOString();
}

import { YEAR_UNKNOWN, type ParsedDate } from './date-types.js';
import { parseLunarDate } from './parse-lunar-date.js';

const ENGLISH_MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const LUNAR_MARK = /^(?:农历|阴历|陰曆|農曆)\s*|\s*[(（]?(?:农历|阴历|陰曆|農曆)[)）]?$/;

function pad(value: number): string {
  return String(value).padStart(2, '0');
}

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function ymd(year: number, month: number, day: number): string | undefined {
  if (month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]!) return undefined;
  if (month === 2 && day === 29 && (year % 4 !== 0 || (year % 100 === 0 && year % 400 !== 0))) return undefined;
  return `${String(year).padStart(4, '0')}-${pad(month)}-${pad(day)}`;
}

function solar(year: number, month: number, day: number): ParsedDate | undefined {
  const date = ymd(year, month, day);
  return date ? { date } : undefined;
}

function withoutYear(month: number, day: number): ParsedDate | undefined {
  const date = ymd(YEAR_UNKNOWN, month, day);
  return date ? { date, yearUnknown: true } : undefined;
}

/** Excel's day count (1900 system, with its phantom 1900-02-29), as found in CSVs saved from General-formatted cells. */
export function fromExcelSerial(serial: number): string {
  const days = Math.floor(serial) - 25569 + (serial < 61 ? 1 : 0);
  return new Date(days * 86_400_000).toISOString().slice(0, 10);
}

function englishMonth(name: string): number {
  return ENGLISH_MONTHS.indexOf(name.slice(0, 3).toLowerCase()) + 1;
}

/**
 * A calendar date in the forms people type into spreadsheets and phones:
 * 1990-05-01, 1990/5/1, 1990.5.1, 19900501, 1990年5月1日, May 1, 1990, 5/1/1990 (month
 * first unless the first number is over 12), an Excel serial number (33239), without a
 * year (5月1日, 05-01, --0501) and lunar (农历1990年四月初七, 阴历四月初七, 1990-04-07农历).
 * A time after the date is ignored. Undefined when the text is not a real date.
 */
export function parseDate(raw: string): ParsedDate | undefined {
  const text = /^[\x20-\x7e]*$/.test(raw) ? raw.trim() : raw.normalize('NFKC').trim();
  if (text === '') return undefined;
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T\s][\d:.TZ+-]*)?$/.exec(text);
  if (match) return solar(Number(match[1]), Number(match[2]), Number(match[3]));
  if (LUNAR_MARK.test(text)) return parseLunarDate(text.replace(LUNAR_MARK, ''));
  match = /^(\d{4})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?(?:\s.*)?$/.exec(text);
  if (match) return solar(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{4})(\d{2})(\d{2})$/.exec(text);
  if (match) return solar(Number(match[1]), Number(match[2]), Number(match[3]));
  match = /^(\d{1,2})\s*月\s*(\d{1,2})\s*[日号]?$/.exec(text) ?? /^(?:--)?(\d{1,2})[-/.](\d{1,2})$/.exec(text) ?? /^--(\d{2})(\d{2})$/.exec(text);
  if (match) return withoutYear(Number(match[1]), Number(match[2]));
  match = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:\s.*)?$/.exec(text);
  if (match) {
    const [first, second] = [Number(match[1]), Number(match[2])];
    return first > 12 ? solar(Number(match[3]), second, first) : solar(Number(match[3]), first, second);
  }
  match = /^([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})$/.exec(text);
  if (match && englishMonth(match[1]!) > 0) return solar(Number(match[3]), englishMonth(match[1]!), Number(match[2]));
  match = /^(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})$/.exec(text);
  if (match && englishMonth(match[2]!) > 0) return solar(Number(match[3]), englishMonth(match[2]!), Number(match[1]));
  if (/^\d{1,5}(?:\.\d+)?$/.test(text) && Number(text) >= 1) return { date: fromExcelSerial(Number(text)) };
  return undefined;
}

import type { CellValue } from 'exceljs';

/**
 * Cell values as the text a user sees in Excel, so mapping treats a sheet like a CSV.
 * Numbers lose float noise (Excel shows 15 significant digits) but never switch to
 * exponent form: a phone typed as a number, 13800138000, stays "13800138000".
 */

/** Whether a number format shows a date or time (d, m, y, h, s outside quotes, brackets and escapes). */
export function isDateFormat(format: string | undefined): boolean {
  if (!format) return false;
  const bare = format.replace(/"[^"]*"|\[[^\]]*\]|\\.|_.|\*./g, '');
  return /[dmyhs]/i.test(bare) && !/^[#0.,%\s]*$/.test(bare);
}

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

/** Excel dates come back as UTC instants of their wall-clock value. */
export function dateText(date: Date): string {
  const rounded = new Date(Math.round(date.getTime() / 1000) * 1000);
  const day = `${rounded.getUTCFullYear()}-${pad(rounded.getUTCMonth() + 1)}-${pad(rounded.getUTCDate())}`;
  if (rounded.getUTCHours() === 0 && rounded.getUTCMinutes() === 0 && rounded.getUTCSeconds() === 0) return day;
  return `${day} ${pad(rounded.getUTCHours())}:${pad(rounded.getUTCMinutes())}:${pad(rounded.getUTCSeconds())}`;
}

function serialToDate(serial: number): Date {
  return new Date(Math.round((serial - 25569) * 86_400_000));
}

export function numberText(value: number): string {
  if (!Number.isFinite(value)) return String(value);
  if (Number.isInteger(value)) return Math.abs(value) < 1e21 ? String(value) : BigInt(value).toString();
  const clean = Number(value.toPrecision(15));
  const text = String(clean);
  if (!/e/i.test(text)) return text;
  // 1e-7 and the like: write it out the way Excel's General format would not abbreviate.
  return clean.toFixed(20).replace(/0+$/, '').replace(/\.$/, '');
}

export function cellText(value: CellValue, numFmt?: string): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return isDateFormat(numFmt) ? dateText(serialToDate(value)) : numberText(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof Date) return dateText(value);
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('formula' in value || 'sharedFormula' in value) return cellText((value as { result?: CellValue }).result as CellValue, numFmt);
  if ('error' in value) return String(value.error);
  if ('text' in value) return cellText(value.text as CellValue, numFmt);
  return '';
}

/**
 * Cells for files people open in Excel or WPS. A cell that begins with =, +, -, @, a tab or
 * a carriage return would be read as a formula (CSV injection), so it gets a leading
 * apostrophe: spreadsheets show the text as written, and our importer drops that
 * apostrophe again (imports/mapping), so "+86 138 0013 8000" survives export → import.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
/** A plain number (a refund's -5.50) is no formula; it stays a number Excel can add up. */
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function neutralizeFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

const CSV_QUOTE = /[",\r\n]/;

/** One CSV field (RFC 4180), neutralised. */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const text = neutralizeFormula(String(value));
  return CSV_QUOTE.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return `${values.map(csvField).join(',')}\r\n`;
}

/** Excel only reads a CSV as UTF-8 (and shows Chinese) when it starts with a byte-order mark. */
export const UTF8_BOM = '\uFEFF';

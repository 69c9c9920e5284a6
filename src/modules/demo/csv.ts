/**
 * Text for PostgreSQL `COPY … FROM STDIN WITH (FORMAT csv)`: an unquoted empty field is
 * NULL, a quoted one ("") is the empty string; quotes are doubled inside quoted fields.
 */

const CSV_SPECIAL = /[",\r\n]/;

export function csvText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (value === '') return '""';
  // A leading backslash is quoted too, so a value can never read as the `\.` end marker.
  if (CSV_SPECIAL.test(value) || value.charCodeAt(0) === 92) return `"${value.replace(/"/g, '""')}"`;
  return value;
}

export function csvBool(value: boolean): string {
  return value ? 't' : 'f';
}

// Characters that force an element of an array literal into double quotes.
const ARRAY_SPECIAL = /[{}",\\\s]/;

function arrayElement(item: string): string {
  if (item === '' || ARRAY_SPECIAL.test(item) || item.length === 4 && item.toUpperCase() === 'NULL') {
    return `"${item.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
  }
  return item;
}

/** A PostgreSQL text[] literal, e.g. {VIP,"a b","q\"uote"}. */
export function pgArray(items: readonly string[]): string {
  if (items.length === 0) return '{}';
  let text = '{';
  for (let i = 0; i < items.length; i++) {
    if (i > 0) text += ',';
    text += arrayElement(items[i]!);
  }
  return `${text}}`;
}

/** A text[] value as one CSV field. */
export function csvArray(items: readonly string[]): string {
  return csvText(pgArray(items));
}

/** A jsonb value as one CSV field. */
export function csvJson(value: unknown): string {
  return csvText(JSON.stringify(value));
}

/** What spreadsheets, databases and pandas write for "nothing": such a cell is empty, not a value to refuse. */
const EMPTY_WORDS = new Set(['null', 'nan', 'none', 'n/a', '#n/a', '-', '--', '—']);

/** A cell trimmed, with placeholder words for "no value" read as empty. */
export function cellValue(cells: string[], column: number): string {
  const value = (cells[column] ?? '').trim();
  return value.length <= 4 && EMPTY_WORDS.has(value.toLowerCase()) ? '' : value;
}

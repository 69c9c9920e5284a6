import ExcelJS from 'exceljs';
import { AppError } from '../../../shared/errors.js';
import type { SourceRow, SourceTable } from '../contract.js';
import { rowsOnce, withHeader } from './row-stream.js';
import { sourceError } from './source-error.js';
import { cellText } from './xlsx-cell-text.js';

/** The parts of exceljs's streaming reader its type declarations leave out. */
type SheetReader = Omit<ExcelJS.stream.xlsx.WorksheetReader, 'parse'> & {
  name: string;
  parse(): AsyncIterable<{ eventType: string; value: unknown }[]>;
  /** The sheet's XML: a zip entry, or a temp-file stream when exceljs had to set the sheet aside. */
  iterator?: Closable & { path?: unknown };
};
type BookReader = { model?: { sheets?: { name: string }[] }; stream?: Closable };
type Closable = { destroy?: () => void; closed?: boolean; once?: (event: 'close', listener: () => void) => void };

/** Destroys a file stream and waits until its descriptor is really closed. */
async function shut(stream: Closable | undefined): Promise<void> {
  if (!stream?.destroy || stream.closed) return;
  const closed = stream.once ? new Promise<void>((resolve) => stream.once!('close', resolve)) : Promise.resolve();
  stream.destroy();
  await closed;
}

function rowCells(row: ExcelJS.Row): string[] {
  const cells: string[] = [];
  row.eachCell({ includeEmpty: false }, (cell, column) => {
    while (cells.length < column - 1) cells.push('');
    cells[column - 1] = cellText(cell.value, cell.numFmt);
  });
  return cells;
}

function isBlank(cells: string[]): boolean {
  return cells.every((cell) => cell.trim() === '');
}

function unreadableWorkbook(path: string, error: unknown) {
  const reason = error instanceof Error ? error.message : String(error);
  return sourceError('xlsx_unreadable', `无法读取 Excel 文件 ${path}：${reason}`, `Cannot read the Excel file ${path}: ${reason}`, { path });
}

function pickSheet(names: string[], wanted: string | undefined): string {
  if (wanted === undefined || wanted === '') return names[0]!;
  if (names.includes(wanted)) return wanted;
  const position = /^\d+$/.test(wanted) ? Number(wanted) : NaN;
  if (position >= 1 && position <= names.length) return names[position - 1]!;
  throw sourceError('sheet_not_found', `工作簿中没有工作表"${wanted}"（有：${names.join('、')}）`, `The workbook has no sheet "${wanted}" (sheets: ${names.join(', ')})`, { sheet: wanted, sheets: names });
}

/**
 * Opens one sheet of an .xlsx with exceljs's streaming reader: rows are parsed as they are
 * iterated, so a large workbook is never held in memory. The first non-blank row is the
 * header; `line` is the row number Excel shows.
 */
export async function openXlsx(path: string, wanted?: string): Promise<SourceTable> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, { sharedStrings: 'cache', styles: 'cache', hyperlinks: 'ignore', worksheets: 'emit', entries: 'ignore' });
  const book = workbook as unknown as BookReader;
  const sheets = workbook[Symbol.asyncIterator]();
  let sheetNames: string[] = [];
  let chosen: string | undefined;
  let reader: SheetReader | undefined;
  try {
    for (let next = await sheets.next(); !next.done; next = await sheets.next()) {
      const candidate = next.value as unknown as SheetReader;
      if (!chosen) {
        sheetNames = (book.model?.sheets ?? []).map((sheet) => sheet.name);
        if (sheetNames.length === 0) sheetNames = [candidate.name];
        chosen = pickSheet(sheetNames, wanted);
      }
      if (candidate.name === chosen) {
        reader = candidate;
        break;
      }
    }
  } catch (error) {
    await shut(book.stream);
    throw error instanceof AppError ? error : unreadableWorkbook(path, error);
  }
  if (!reader) {
    // A workbook without worksheets, or a chosen chart sheet: nothing to import.
    await shut(book.stream);
    return { format: 'xlsx', sheets: sheetNames, sheet: chosen, headers: [], rows: rowsOnce((async function* () {})()) };
  }

  const events = reader.parse()[Symbol.asyncIterator]();
  const chosenReader = reader;
  let released = false;
  /*
   * When a workbook's shared strings come after its sheets in the zip (as Excel writes
   * them), exceljs sets every sheet aside in a temp file and removes each only after the
   * next one is asked for. So when we stop, we walk past the remaining sheets without
   * parsing them, which lets exceljs delete its temp files and close their descriptors.
   */
  const close = async () => {
    if (released) return;
    released = true;
    if (typeof chosenReader.iterator?.path === 'string') {
      await shut(chosenReader.iterator);
      for (let next = await sheets.next(); !next.done; next = await sheets.next()) await shut((next.value as unknown as SheetReader).iterator);
    }
    await shut(book.stream);
  };
  async function* batches(): AsyncGenerator<SourceRow[]> {
    try {
      for (let next = await events.next(); !next.done; next = await events.next()) {
        const batch: SourceRow[] = [];
        for (const event of next.value) {
          if (event.eventType !== 'row') continue;
          const row = event.value as ExcelJS.Row;
          const cells = rowCells(row);
          if (!isBlank(cells)) batch.push({ line: row.number, cells });
        }
        if (batch.length > 0) yield batch;
      }
    } catch (error) {
      throw error instanceof AppError ? error : unreadableWorkbook(path, error);
    } finally {
      // The chosen sheet is read; the rest of the workbook is not needed.
      await close();
    }
  }
  const { headers, rows } = await withHeader(batches(), close);
  return { format: 'xlsx', sheets: sheetNames, sheet: chosen, headers, rows, close };
}

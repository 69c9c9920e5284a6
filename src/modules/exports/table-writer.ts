import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import { csvLine, UTF8_BOM } from './spreadsheet-cell.js';
import { textSink } from './text-sink.js';

export const tableFormats = ['csv', 'xlsx'] as const;
export type TableFormat = (typeof tableFormats)[number];
export type Cell = string | number | null | undefined;

/** Rows out to a spreadsheet file, streamed: a million rows never sit in memory. */
export type TableWriter = { row(values: Cell[]): Promise<void>; end(): Promise<void> };

/**
 * CSV: UTF-8 with a BOM (Excel then shows Chinese), CRLF, formula-like cells neutralised.
 * XLSX: exceljs's streaming writer; every value is written as a typed text or number
 * cell, never as a formula, so nothing in it is evaluated.
 */
export async function openTableWriter(format: TableFormat, out: Writable, header: string[], sheetName: string): Promise<TableWriter> {
  if (format === 'csv') {
    const sink = textSink(out);
    await sink.write(UTF8_BOM + csvLine(header));
    return { row: (values) => sink.write(csvLine(values)), end: () => sink.end() };
  }
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: false });
  const sheet = workbook.addWorksheet(sheetName);
  sheet.addRow(header).commit();
  let count = 0;
  return {
    async row(values) {
      sheet.addRow(values.map((value) => value ?? null)).commit();
      // Let the file stream drain now and then.
      if (++count % 1000 === 0) await new Promise((resolve) => setImmediate(resolve));
    },
    async end() {
      sheet.commit();
      await workbook.commit();
    },
  };
}

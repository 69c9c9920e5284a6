/**
 * Reads the summary files `weixi model fit|predict` take: CSV with a header row, one
 * customer (or one group with a `count`) per line for BG/NBD, Pareto/NBD and Gamma-Gamma,
 * and one column of customers still active per period for sBG (several columns = several
 * cohorts). Bad input is refused with the line and column that is wrong, in zh-CN and en-US;
 * nothing is guessed.
 */
import { readFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { AppError } from '../../../shared/errors.js';

export type ModelFileKind = 'bgnbd' | 'pareto-nbd' | 'gamma-gamma' | 'sbg';

/** One data line of a BG/NBD / Pareto/NBD file; zbar is there when the file has a spend column. */
export type PurchaseRow = { line: number; id: string; x: number; tx: number; T: number; count: number; zbar: number | null };
export type SpendRow = { line: number; id: string; x: number; zbar: number; count: number };

export class ModelFileError extends AppError {
  constructor(code: string, file: string, where: { line?: number; column?: string }, zh: string, en: string) {
    const zhWhere = `${where.line !== undefined ? `第 ${where.line} 行` : ''}${where.column !== undefined ? `“${where.column}”列` : ''}`;
    const enWhere = [where.line !== undefined ? `line ${where.line}` : '', where.column !== undefined ? `column "${where.column}"` : ''].filter(Boolean).join(', ');
    super(code, {
      'zh-CN': `${file}${zhWhere ? ` ${zhWhere}` : ''}：${zh}`,
      'en-US': `${file}${enWhere ? `, ${enWhere}` : ''}: ${en}`,
    }, { file, ...where });
  }
}

type Table = { file: string; header: string[]; lines: { line: number; cells: string[] }[] };

/** Splits CSV text (comma-separated, optional double quotes, CRLF or LF, optional BOM). */
export function parseCsvTable(text: string, file: string): Table {
  const rows = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  const split = (row: string) => row.split(',').map((cell) => cell.trim().replace(/^"(.*)"$/, '$1').trim());
  const headerIndex = rows.findIndex((row) => row.trim() !== '');
  if (headerIndex < 0) throw new ModelFileError('model_file_empty', file, {}, '文件是空的，需要一行表头和数据', 'the file is empty; it needs a header row and data');
  const header = split(rows[headerIndex]!);
  const lines: Table['lines'] = [];
  for (let i = headerIndex + 1; i < rows.length; i++) {
    if (rows[i]!.trim() === '') continue;
    lines.push({ line: i + 1, cells: split(rows[i]!) });
  }
  if (lines.length === 0) throw new ModelFileError('model_file_no_data', file, {}, '只有表头，没有数据行', 'the file has a header but no data lines');
  return { file, header, lines };
}

export async function readTable(path: string): Promise<Table> {
  const file = basename(path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? 'error';
    throw new ModelFileError('file_unreadable', path, {}, `无法读取文件（${reason}）`, `cannot read the file (${reason})`);
  }
  return parseCsvTable(text, file);
}

function findColumn(table: Table, names: readonly string[]): number {
  const wanted = names.map((name) => name.toLowerCase());
  return table.header.findIndex((title) => wanted.includes(title.toLowerCase()));
}

function requireColumn(table: Table, names: readonly string[], describe: string): number {
  const index = findColumn(table, names);
  if (index < 0) {
    throw new ModelFileError('model_file_column_missing', table.file, { line: 1 },
      `表头中缺少${describe}列（可用列名：${names.join(' 或 ')}；现有：${table.header.join(', ')}）`,
      `the header has no ${describe} column (use ${names.join(' or ')}; found: ${table.header.join(', ')})`);
  }
  return index;
}

type NumberRule = { integer?: boolean; min?: number; zh: string; en: string };

function numberAt(table: Table, row: Table['lines'][number], column: number, rule: NumberRule): number {
  const text = row.cells[column] ?? '';
  const value = text === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(value) || (rule.integer && !Number.isInteger(value)) || (rule.min !== undefined && value < rule.min)) {
    throw new ModelFileError('model_file_value_invalid', table.file, { line: row.line, column: table.header[column] },
      `“${text}”${rule.zh}`, `"${text}" ${rule.en}`);
  }
  return value;
}

const COUNT = ['count', 'customers', 'n'];
const ID = ['id', 'customer_id', 'customerid', 'customer'];
const NON_NEGATIVE_INTEGER: NumberRule = { integer: true, min: 0, zh: '应为不小于 0 的整数', en: 'must be a whole number >= 0' };
const NON_NEGATIVE: NumberRule = { min: 0, zh: '应为不小于 0 的数', en: 'must be a number >= 0' };

/** BG/NBD and Pareto/NBD: `frequency,recency,T` or `x,t_x,T`, optional count, id and zbar/monetary_value columns. */
export function purchaseRows(table: Table): PurchaseRow[] {
  const x = requireColumn(table, ['frequency', 'x'], ' frequency / x ');
  const tx = requireColumn(table, ['recency', 't_x', 'tx'], ' recency / t_x ');
  const T = requireColumn(table, ['T'], ' T ');
  const count = findColumn(table, COUNT);
  const id = findColumn(table, ID);
  const zbar = findColumn(table, ['zbar', 'monetary_value']);
  return table.lines.map((row) => {
    const values = {
      x: numberAt(table, row, x, NON_NEGATIVE_INTEGER),
      tx: numberAt(table, row, tx, NON_NEGATIVE),
      T: numberAt(table, row, T, NON_NEGATIVE),
    };
    if (values.tx > values.T) {
      throw new ModelFileError('model_file_recency_after_end', table.file, { line: row.line, column: table.header[tx] },
        `最后一次购买时间 ${values.tx} 晚于观察期 T = ${values.T}`, `the last purchase (${values.tx}) is after the end of observation T = ${values.T}`);
    }
    if (values.x === 0 && values.tx !== 0) {
      throw new ModelFileError('model_file_recency_without_repeat', table.file, { line: row.line, column: table.header[tx] },
        '没有重复购买时最后一次购买时间应为 0', 'must be 0 when there is no repeat purchase');
    }
    return {
      line: row.line,
      id: id >= 0 ? (row.cells[id] ?? '') : String(row.line - 1),
      ...values,
      count: count >= 0 ? numberAt(table, row, count, NON_NEGATIVE) : 1,
      zbar: zbar >= 0 ? numberAt(table, row, zbar, NON_NEGATIVE) : null,
    };
  });
}

/** Gamma-Gamma: `x,zbar` or `frequency,monetary_value`, optional count and id columns. */
export function spendRows(table: Table): SpendRow[] {
  const x = requireColumn(table, ['x', 'frequency'], ' x / frequency ');
  const zbar = requireColumn(table, ['zbar', 'monetary_value'], ' zbar / monetary_value ');
  const count = findColumn(table, COUNT);
  const id = findColumn(table, ID);
  return table.lines.map((row) => ({
    line: row.line,
    id: id >= 0 ? (row.cells[id] ?? '') : String(row.line - 1),
    x: numberAt(table, row, x, NON_NEGATIVE_INTEGER),
    zbar: numberAt(table, row, zbar, NON_NEGATIVE),
    count: count >= 0 ? numberAt(table, row, count, NON_NEGATIVE) : 1,
  }));
}

/**
 * sBG: each column is a cohort, each line a period (the first data line is period 0, the
 * cohort's size); a cohort may end early with empty cells. Counts never grow.
 */
export function survivorColumns(table: Table): number[][] {
  return table.header.map((_, column) => {
    const cohort: number[] = [];
    let ended = false;
    for (const row of table.lines) {
      const text = row.cells[column] ?? '';
      if (text === '') {
        ended = true;
        continue;
      }
      if (ended) {
        throw new ModelFileError('model_file_gap', table.file, { line: row.line, column: table.header[column] },
          '一个批次的数据中间不能有空行', 'a cohort cannot continue after an empty cell');
      }
      const value = numberAt(table, row, column, NON_NEGATIVE);
      const previous = cohort[cohort.length - 1];
      if (previous !== undefined && value > previous) {
        throw new ModelFileError('model_file_survivors_grow', table.file, { line: row.line, column: table.header[column] },
          `存活客户数 ${value} 比上一期（${previous}）多`, `active customers (${value}) exceed the previous period (${previous})`);
      }
      cohort.push(value);
    }
    if (cohort.length === 0) {
      throw new ModelFileError('model_file_no_data', table.file, { column: table.header[column] }, '该列没有数据', 'the column has no data');
    }
    return cohort;
  });
}

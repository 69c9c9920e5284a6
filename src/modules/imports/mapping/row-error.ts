import type { RowError } from '../contract.js';

/** A refused cell: where it is, what it held, and why in both languages. */
export function cellError(line: number, column: string, value: string, code: string, zh: string, en: string): RowError {
  return { line, column, value, code, message: { 'zh-CN': `${column}：${zh}`, 'en-US': `${column}: ${en}` } };
}

/** A refusal of the whole row (nothing identifies the customer, no customer key for an order). */
export function rowError(line: number, code: string, zh: string, en: string): RowError {
  return { line, code, message: { 'zh-CN': zh, 'en-US': en } };
}

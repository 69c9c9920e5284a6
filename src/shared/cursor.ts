import { sql, type AnyColumn, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { fieldError, type ValidationError } from './errors.js';

/**
 * Opaque keyset-pagination cursors: the sort value of the last row on a page and its id,
 * so the next page starts strictly after it even when many rows share the sort value.
 * Clients must treat the text as opaque; only this file knows its shape.
 */
export type Cursor = { v: string; id: string };

export function encodeCursor(cursor: Cursor): string {
  return Buffer.from(JSON.stringify(cursor)).toString('base64url');
}

export function invalidCursor(): ValidationError {
  return fieldError('cursor', 'invalid_cursor', { 'zh-CN': '分页游标无效', 'en-US': 'is not a valid page cursor' });
}

export function decodeCursor(text: string): Cursor {
  try {
    const value = JSON.parse(Buffer.from(text, 'base64url').toString('utf8')) as Cursor;
    if (typeof value.v === 'string' && typeof value.id === 'string' && /^[0-9a-f-]{36}$/.test(value.id)) return value;
  } catch {
    // fall through to the error below
  }
  throw invalidCursor();
}

/**
 * A timestamptz as text with all six fractional digits: a JS Date keeps only milliseconds,
 * and a cursor rounded to milliseconds would skip or repeat rows.
 */
export function exactTimestamp(column: AnyColumn | SQL): SQL<string> {
  return sql<string>`to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;
}

/**
 * The rows after the cursor in (time DESC, id DESC) order, for newest-first lists; the
 * cursor's value must come from exactTimestamp().
 */
export function olderThanCursor(timeColumn: AnyColumn, idColumn: AnyColumn, cursor: string): SQL {
  const { v, id } = decodeCursor(cursor);
  if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/.test(v)) throw invalidCursor();
  return sql`(${timeColumn}, ${idColumn}) < (${v}::timestamptz, ${id}::uuid)`;
}

/** Splits the rows of a `LIMIT limit + 1` query into the page and the cursor for the next one. */
export function pageOf<T extends { id: string; sortKey: string }>(rows: T[], limit: number): { page: T[]; nextCursor: string | null } {
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return { page, nextCursor: rows.length > limit && last ? encodeCursor({ v: last.sortKey, id: last.id }) : null };
}

/** Paging fields for a use case's input schema (spread into a strict object). */
export const pageInput = {
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
};

/** The same fields in a query string, where numbers arrive as text. */
export const pageQuery = {
  limit: z.coerce.number().int().min(1).max(200).optional(),
  cursor: z.string().max(500).optional().describe('nextCursor of the previous page'),
};

import type { SourceRow } from '../contract.js';
import { sourceError } from './source-error.js';

/**
 * Rows one at a time from a source that reads them in batches. A hand-written iterator,
 * not an async generator: a generator costs several promise hops per row, which at a
 * million rows was half of the reading time; here a row already read costs one resolved
 * promise.
 */
class Unbatch<T> implements AsyncIterator<T> {
  private batch: T[] = [];
  private index = 0;

  constructor(
    private readonly source: AsyncIterator<T[]>,
    private readonly close?: () => Promise<void>,
  ) {}

  next(): Promise<IteratorResult<T>> {
    if (this.index < this.batch.length) return Promise.resolve({ value: this.batch[this.index++]!, done: false });
    return this.source.next().then((result): IteratorResult<T> | Promise<IteratorResult<T>> => {
      if (result.done) return { value: undefined, done: true };
      this.batch = result.value;
      this.index = 0;
      return this.next();
    });
  }

  /** for-await calls this when the loop is left early: the file is closed. */
  async return(): Promise<IteratorResult<T>> {
    await this.source.return?.();
    await this.close?.();
    return { value: undefined, done: true };
  }
}

/**
 * Rows stream from the file, so they can be walked once; a second walk would silently
 * see nothing, so it throws instead.
 */
export function rowsOnce<T>(batches: AsyncIterator<T[]>, close?: () => Promise<void>): AsyncIterable<T> {
  let used = false;
  return {
    [Symbol.asyncIterator]() {
      if (used) throw sourceError('source_already_read', '文件已读取过，请重新打开', 'The rows were already read; open the file again');
      used = true;
      return new Unbatch(batches, close);
    },
  };
}

function filled(cells: string[]): number {
  let count = 0;
  for (const cell of cells) if (cell.trim() !== '') count++;
  return count;
}

/** Where the header is among the first rows: title rows above it (one filled cell, often merged, such as 客户名单) are skipped. */
function headerIndex(rows: SourceRow[]): number {
  const index = rows.slice(0, 10).findIndex((row) => filled(row.cells) >= 2);
  return index === -1 ? 0 : index;
}

/**
 * Takes the header row from a stream of row batches (trimmed) and leaves the rest to
 * stream: only the first batch is read now.
 */
export async function withHeader(batches: AsyncGenerator<SourceRow[]>, close: () => Promise<void>): Promise<{ headers: string[]; rows: AsyncIterable<SourceRow> }> {
  let first: SourceRow[] = [];
  for (let next = await batches.next(); !next.done; next = await batches.next()) {
    if (next.value.length > 0) {
      first = next.value;
      break;
    }
  }
  const header = headerIndex(first);
  async function* rest(): AsyncGenerator<SourceRow[]> {
    if (first.length > header + 1) yield first.slice(header + 1);
    yield* batches;
  }
  const closeAll = async () => {
    await batches.return(undefined);
    await close();
  };
  return { headers: first[header]?.cells.map((cell) => cell.trim()) ?? [], rows: rowsOnce(rest(), closeAll) };
}

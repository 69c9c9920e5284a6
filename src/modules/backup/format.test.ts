import { describe, expect, it } from 'vitest';
import { CsvRowSplitter, FrameReader, UnexpectedEndError } from './format.js';

const ROWS = ['1,plain\n', '2,"quoted, with comma"\n', '3,"two\nlines ""and quotes"""\n', '4,""\n', '5,\n', '6,"\\.\n"\n', '7,"中文😀"\n'];

function cutRandomly(data: Buffer, seed: number): Buffer[] {
  const pieces: Buffer[] = [];
  let state = seed;
  for (let at = 0; at < data.length; ) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const size = 1 + (state % 7);
    pieces.push(data.subarray(at, at + size));
    at += size;
  }
  return pieces;
}

describe('CsvRowSplitter', () => {
  it.each([1, 10, 30, 1000])('cuts COPY csv output into whole rows (target %i bytes) however it arrives', (target) => {
    const data = Buffer.from(ROWS.join('').repeat(5));
    for (const seed of [1, 2, 3]) {
      const splitter = new CsvRowSplitter(target);
      const chunks = cutRandomly(data, seed).flatMap((piece) => splitter.push(piece));
      const last = splitter.finish();
      if (last) chunks.push(last);
      expect(Buffer.concat(chunks.map((chunk) => chunk.data)).equals(data)).toBe(true);
      expect(chunks.reduce((sum, chunk) => sum + chunk.rows, 0)).toBe(ROWS.length * 5);
      let offset = 0;
      for (const chunk of chunks) {
        // Every chunk ends exactly where one of the original rows ends.
        offset += chunk.data.length;
        expect(data.subarray(0, offset).toString().endsWith('\n')).toBe(true);
        if (chunk !== chunks.at(-1)) expect(chunk.data.length).toBeGreaterThanOrEqual(target);
      }
    }
  });

  it('refuses output that stops inside a row', () => {
    const splitter = new CsvRowSplitter(10);
    splitter.push(Buffer.from('1,"open quote\n'));
    expect(() => splitter.finish()).toThrow(/row boundary/);
  });
});

describe('FrameReader', () => {
  it('reads lines and exact byte counts across chunk borders, and reports a short stream', async () => {
    async function* source() {
      for (const piece of cutRandomly(Buffer.from('{"a":1}\nABCDEFGHIJ{"b":2}\nXY'), 5)) yield piece;
    }
    const reader = new FrameReader(source());
    expect(await reader.line(100)).toBe('{"a":1}');
    expect((await reader.bytes(10)).toString()).toBe('ABCDEFGHIJ');
    expect(await reader.line(100)).toBe('{"b":2}');
    await expect(reader.bytes(3)).rejects.toBeInstanceOf(UnexpectedEndError);
  });
});

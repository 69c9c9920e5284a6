import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import { CsvParser, type CsvRecord } from './csv-parser.js';

/** Feeds the text in pieces of `size` characters, as a file stream would. */
function parseInPieces(text: string, size: number, delimiter = ','): CsvRecord[] {
  const parser = new CsvParser(delimiter);
  const out: CsvRecord[] = [];
  for (let at = 0; at < text.length; at += size) parser.push(text.slice(at, at + size), out);
  parser.end(out);
  return out;
}

describe('CsvParser', () => {
  it('gives each record the physical line it starts on, across quoted line breaks, CRLF and blank rows', () => {
    const text = 'name,note\r\nA,"one\r\ntwo"\r\n\r\n,,\r\nB,"say ""hi"""\r\nC,last';
    for (const size of [1, 2, 3, 7, 1000]) {
      expect(parseInPieces(text, size)).toEqual([
        { line: 1, cells: ['name', 'note'] },
        { line: 2, cells: ['A', 'one\r\ntwo'] },
        { line: 6, cells: ['B', 'say "hi"'] },
        { line: 7, cells: ['C', 'last'] },
      ]);
    }
  });

  it('keeps ragged rows, empty trailing cells and literal quotes inside unquoted fields', () => {
    expect(parseInPieces('a,b,c\n1\n1,2,3,4\nx,,\n5" screen,"q"tail\n', 4)).toEqual([
      { line: 1, cells: ['a', 'b', 'c'] },
      { line: 2, cells: ['1'] },
      { line: 3, cells: ['1', '2', '3', '4'] },
      { line: 4, cells: ['x', '', ''] },
      { line: 5, cells: ['5" screen', 'qtail'] },
    ]);
  });

  it('reads the same records as csv-parse on well-formed random CSV', () => {
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const alphabet = ['a', 'b', '张', ',', '"', '\n', '\r\n', ' ', ';', '1'];
    const rows: string[][] = [];
    for (let row = 0; row < 300; row++) {
      const cells: string[] = [];
      const width = 1 + Math.floor(random() * 5);
      for (let cell = 0; cell < width; cell++) {
        let value = '';
        const length = Math.floor(random() * 8);
        for (let char = 0; char < length; char++) value += alphabet[Math.floor(random() * alphabet.length)];
        cells.push(value);
      }
      if (cells.some((cell) => cell.trim() !== '')) rows.push(cells);
    }
    const text = rows.map((cells) => cells.map((cell) => (/[",\r\n]/.test(cell) || cell.trim() !== cell ? `"${cell.replace(/"/g, '""')}"` : cell)).join(',')).join('\r\n');
    const expected = parse(text, { relax_column_count: true, skip_empty_lines: true }) as string[][];
    expect(parseInPieces(text, 13).map((record) => record.cells)).toEqual(expected);
    expect(parseInPieces(text, 4096).map((record) => record.cells)).toEqual(expected);
  });

  it('stops with the line of a quote that never closes', () => {
    expect(() => parseInPieces('a,b\n1,2\n3,"open\n4,5\n', 5)).toThrowError(expect.objectContaining({ code: 'csv_unclosed_quote', details: { line: 3 } }));
  });

  it('splits on the delimiter it is given', () => {
    expect(parseInPieces('姓名;手机\n张三;"138;0"\n', 3, ';')).toEqual([
      { line: 1, cells: ['姓名', '手机'] },
      { line: 2, cells: ['张三', '138;0'] },
    ]);
  });
});

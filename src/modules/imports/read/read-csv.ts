import type { SourceEncoding, SourceTable } from '../contract.js';
import { CsvParser, type CsvRecord } from './csv-parser.js';
import { decodeText } from './decode-text.js';
import { withHeader } from './row-stream.js';

const CANDIDATES = [',', '\t', ';', '|'];

/**
 * The delimiter of a ".csv" that may really be separated by tabs (Excel's "Unicode text"),
 * semicolons (Excel in European locales) or bars: whichever occurs most often outside
 * quotes in the header line, commas on a tie.
 */
export function sniffDelimiter(head: string): string {
  const counts = new Map(CANDIDATES.map((candidate) => [candidate, 0]));
  let quoted = false;
  for (const char of head) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best = ',';
  for (const [candidate, count] of counts) if (count > counts.get(best)!) best = candidate;
  return best;
}

async function* records(chunks: AsyncGenerator<string>, tsv: boolean): AsyncGenerator<CsvRecord[]> {
  let parser: CsvParser | undefined;
  let classicMac = false;
  for await (let chunk of chunks) {
    if (!parser) {
      if (chunk.length === 0) continue;
      // Files from old Mac software end lines with a lone CR.
      classicMac = chunk.includes('\r') && !chunk.includes('\n');
      // Excel honours (and some exports write) a first line "sep=;" naming the delimiter.
      const hint = /^sep=(.)\r?\n/i.exec(chunk);
      parser = new CsvParser(hint ? hint[1]! : tsv ? '\t' : sniffDelimiter(chunk.replace(/\r/g, '\n')));
      if (hint) parser.skipLine();
      if (hint) chunk = chunk.slice(hint[0].length);
    }
    if (classicMac) chunk = chunk.replace(/\r/g, '\n');
    const out: CsvRecord[] = [];
    parser.push(chunk, out);
    if (out.length > 0) yield out;
  }
  const out: CsvRecord[] = [];
  parser?.end(out);
  if (out.length > 0) yield out;
}

/** Opens a CSV or TSV file: the first non-blank row is the header, the rest stream. */
export async function openCsv(path: string, format: 'csv' | 'tsv', encoding?: SourceEncoding): Promise<SourceTable> {
  const text = await decodeText(path, encoding);
  const { headers, rows } = await withHeader(records(text.chunks, format === 'tsv'), text.close);
  return { format, encoding: text.encoding, headers, rows, close: text.close };
}

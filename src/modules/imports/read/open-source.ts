import { extname } from 'node:path';
import type { OpenSourceOptions, SourceFormat, SourceTable } from '../contract.js';
import { openCsv } from './read-csv.js';
import { openVcard } from './read-vcard.js';
import { openXlsx } from './read-xlsx.js';
import { sourceError } from './source-error.js';

const byExtension: Record<string, SourceFormat> = {
  '.csv': 'csv',
  '.txt': 'csv',
  '.tsv': 'tsv',
  '.tab': 'tsv',
  '.xlsx': 'xlsx',
  '.vcf': 'vcf',
  '.vcard': 'vcf',
};

/** The format a file name implies; `.gz` is looked through (customers.csv.gz is a CSV). */
export function formatOf(path: string): SourceFormat | undefined {
  const name = path.toLowerCase().replace(/\.gz$/, '');
  return byExtension[extname(name)];
}

/**
 * Opens an import file as a table of text cells, streaming: headers are read now, rows as
 * they are iterated. Throws SourceError when the format is unknown or the file unreadable.
 */
export async function openSource(path: string, options: OpenSourceOptions = {}): Promise<SourceTable> {
  const format = options.format ?? formatOf(path);
  switch (format) {
    case 'csv':
    case 'tsv':
      return openCsv(path, format, options.encoding);
    case 'xlsx':
      return openXlsx(path, options.sheet);
    case 'vcf':
      return openVcard(path, options.encoding);
    default:
      throw sourceError(
        'unsupported_format',
        `无法识别文件格式：${path}（支持 .csv、.tsv、.xlsx、.vcf）`,
        `Unknown file format: ${path} (supported: .csv, .tsv, .xlsx, .vcf)`,
        { path },
      );
  }
}

/**
 * Reads the CDNOW reference files from ../shared/data (relative to the project root, where
 * tests run); they are not copied into the repository.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const CDNOW_DIR = join(process.cwd(), '..', 'shared', 'data', 'cdnow');

export type CdnowSummaryRow = { id: number; x: number; tx: number; T: number; zbar: number };

function readCsv(file: string): string[][] {
  const text = readFileSync(join(CDNOW_DIR, file), 'utf8');
  return text.split(/\r?\n/).slice(1).filter((line) => line.trim() !== '').map((line) => line.split(','));
}

/** cdnow_customers_summary.csv: ID,frequency,recency,T (weeks). */
export function readCdnowSummary(): CdnowSummaryRow[] {
  return readCsv('cdnow_customers_summary.csv').map(([id, x, tx, T]) => ({
    id: Number(id), x: Number(x), tx: Number(tx), T: Number(T), zbar: 0,
  }));
}

/** cdnow_customers_summary_with_transactions.csv: ID,x,t_x,T,zbar. */
export function readCdnowSummaryWithValue(): CdnowSummaryRow[] {
  return readCsv('cdnow_customers_summary_with_transactions.csv').map(([id, x, tx, T, zbar]) => ({
    id: Number(id), x: Number(x), tx: Number(tx), T: Number(T), zbar: Number(zbar),
  }));
}

export type CdnowPurchase = { sampleId: number; day: number };

/** CDNOW_sample.txt: master_id sample_id YYYYMMDD cds dollars; day = days since 1997-01-01. */
export function readCdnowSamplePurchases(): CdnowPurchase[] {
  const text = readFileSync(join(CDNOW_DIR, 'CDNOW_sample.txt'), 'utf8');
  const origin = Date.UTC(1997, 0, 1);
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').map((line) => {
    const [, sampleId, date] = line.trim().split(/\s+/);
    const d = date!;
    const day = (Date.UTC(Number(d.slice(0, 4)), Number(d.slice(4, 6)) - 1, Number(d.slice(6, 8))) - origin) / 86_400_000;
    return { sampleId: Number(sampleId), day };
  });
}

import { formatMoney } from '../../lib/money';

/** 0.8694 → "86.9%"; null (undefined share, e.g. no buyers) → "—". */
export function pct(share: number | null | undefined, digits = 1): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '—';
  return `${(share * 100).toFixed(digits)}%`;
}

/** Whole-yuan money for charts and KPI tiles; tables keep the cents via formatMoney. */
export function money(value: string | number | null | undefined, cents = false): string {
  if (value === null || value === undefined || value === '') return '—';
  const text = typeof value === 'number' ? value.toFixed(2) : value;
  if (cents) return formatMoney(text);
  const n = Number(text);
  if (!Number.isFinite(n)) return text;
  return `${n < 0 ? '-' : ''}¥${Math.round(Math.abs(n)).toLocaleString('en-US')}`;
}

/** Compact money for chart axes: ¥1.2万 / ¥3.4亿 in Chinese, ¥12k / ¥3.4M in English. */
export function compactMoney(value: number, chinese: boolean): string {
  const abs = Math.abs(value);
  const sign = value < 0 ? '-' : '';
  const units: [number, string][] = chinese ? [[1e8, '亿'], [1e4, '万']] : [[1e9, 'B'], [1e6, 'M'], [1e3, 'k']];
  for (const [size, unit] of units) {
    if (abs >= size) return `${sign}¥${+(abs / size).toFixed(1)}${unit}`;
  }
  return `${sign}¥${Math.round(abs)}`;
}

export function num(value: number | null | undefined, digits = 0): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return value.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
}

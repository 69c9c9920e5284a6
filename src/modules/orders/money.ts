import { z } from 'zod';
import { bilingual } from '../../shared/zod-issues.js';

/**
 * Money and other exact quantities travel as decimal strings ("1288.50") and are added up
 * by SQL numeric, never as JavaScript floats (0.1 + 0.2 would not be 0.3).
 * integerDigits matches the column: numeric(14, 2) has 12, numeric(8, 2) has 6.
 */
export function decimalString(options: { signed?: boolean; integerDigits?: number } = {}) {
  const digits = options.integerDigits ?? 12;
  const pattern = new RegExp(`^${options.signed ? '-?' : ''}(?:0|[1-9]\\d{0,${digits - 1}})(?:\\.\\d{1,2})?$`);
  const sign = options.signed ? '' : '非负';
  const signEn = options.signed ? '' : 'non-negative ';
  // refine, not regex: zod drops a regex check's params, and with them the Chinese message.
  return z
    .string()
    .trim()
    .refine(
      (value) => pattern.test(value),
      bilingual(
        `应为${sign}数字文本，最多 ${digits} 位整数、2 位小数，如 "128.50"`,
        `must be a ${signEn}decimal string with at most ${digits} integer digits and 2 decimals, e.g. "128.50"`,
      ),
    );
}

export function isZeroDecimal(value: string): boolean {
  return /^-?0(?:\.0*)?$/.test(value);
}

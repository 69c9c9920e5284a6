/**
 * Exact decimals for money: text → a BigInt of ten-thousandths, never a float, so
 * 3 × 2.55 is 7.65 and not 7.6499999.
 */
const SCALE = 4;
const FACTOR = 10_000n;

export type Decimal = { units: bigint; decimals: number };

/** "¥1,288.50", "-4.95", "１２８", "(12.00)" (accounting negative) → exact value; undefined if not a number with at most 4 decimals. */
export function parseDecimal(cell: string): Decimal | undefined {
  const plain = PLAIN.exec(cell);
  if (plain) return fromParts(plain[1] === '-', plain[2]!, plain[3] ?? '');
  let text = cell.normalize('NFKC').trim().replace(/^[¥$€£]|^(?:CNY|RMB|USD|EUR|GBP)\s*|元$/gi, '').replace(/(\d),(?=\d{3}(?:\D|$))/g, '$1').trim();
  let negative = false;
  if (/^\(.*\)$/.test(text)) {
    negative = true;
    text = text.slice(1, -1);
  }
  const match = /^([-+])?(\d+)(?:\.(\d*))?$/.exec(text) ?? /^([-+])?()\.(\d+)$/.exec(text);
  if (!match) return undefined;
  return fromParts(match[1] === '-' ? !negative : negative, match[2]!, match[3] ?? '');
}

/** The common case, "2.55" or "-6": no symbols, separators or full-width digits. */
const PLAIN = /^(-)?(\d{1,15})(?:\.(\d{0,4}))?$/;

function fromParts(negative: boolean, whole: string, fraction: string): Decimal | undefined {
  if (fraction.length > SCALE) return undefined;
  const units = BigInt(whole || '0') * FACTOR + BigInt(fraction.padEnd(SCALE, '0'));
  return { units: negative ? -units : units, decimals: fraction.length };
}

/** Rounds half away from zero to cents and writes "-4.95". */
export function formatCents(units: bigint): string {
  const negative = units < 0n;
  const absolute = negative ? -units : units;
  const cents = (absolute + 50n) / 100n;
  const text = `${cents / 100n}.${String(cents % 100n).padStart(2, '0')}`;
  return negative && cents !== 0n ? `-${text}` : text;
}

/** The unit price as written, without trailing zeros beyond cents: "2.55", "0.001", "3.00". */
export function formatPrice(units: bigint): string {
  const negative = units < 0n;
  const absolute = negative ? -units : units;
  let fraction = String(absolute % FACTOR).padStart(SCALE, '0');
  while (fraction.length > 2 && fraction.endsWith('0')) fraction = fraction.slice(0, -1);
  return `${negative ? '-' : ''}${absolute / FACTOR}.${fraction}`;
}

/** quantity × unit price, exact, in ten-thousandths. */
export function multiply(quantity: number, price: Decimal): bigint {
  return BigInt(quantity) * price.units;
}

/** numeric(14, 2) holds up to 12 integer digits. */
export const MAX_UNITS = 10n ** 12n * FACTOR;

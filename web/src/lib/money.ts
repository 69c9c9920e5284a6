/**
 * Money arrives as decimal strings ("123.45"). Sums and differences are done in integer
 * cents with BigInt so that 0.1 + 0.2 never shows up on an invoice.
 */
const DECIMAL = /^(-)?(\d+)(?:\.(\d{1,2})\d*)?$/;

export function toCents(value: string | null | undefined): bigint | null {
  if (value === null || value === undefined) return null;
  const match = DECIMAL.exec(value.trim());
  if (!match) return null;
  const [, sign, whole, frac = ''] = match;
  const cents = BigInt(whole ?? '0') * 100n + BigInt(frac.padEnd(2, '0'));
  return sign ? -cents : cents;
}

export function centsToDecimal(cents: bigint): string {
  const negative = cents < 0n;
  const abs = negative ? -cents : cents;
  const whole = abs / 100n;
  const frac = (abs % 100n).toString().padStart(2, '0');
  return `${negative ? '-' : ''}${whole.toString()}.${frac}`;
}

/** Normalises user input ("12", "12.5", " 12.345 ") to the API's two-decimal string. */
export function normalizeDecimal(value: string | number | null | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  const cents = toCents(String(value));
  return cents === null ? null : centsToDecimal(cents);
}

export function subtractMoney(a: string, b: string | null): string | null {
  const ca = toCents(a);
  const cb = toCents(b);
  if (ca === null || cb === null) return null;
  return centsToDecimal(ca - cb);
}

const SYMBOLS: Record<string, string> = { CNY: '¥', RMB: '¥', USD: '$', EUR: '€', HKD: 'HK$', GBP: '£' };

/**
 * "1234567.80" → "¥1,234,567.80"; grouping is done on the string to stay exact. A null
 * currency (sums over mixed currencies) prints the number alone.
 */
export function formatMoney(value: string | null | undefined, currency: string | null = 'CNY'): string {
  const cents = toCents(value ?? null);
  if (cents === null) return value ?? '';
  const [whole = '0', frac = '00'] = centsToDecimal(cents).replace('-', '').split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const symbol = currency === null ? '' : (SYMBOLS[currency.toUpperCase()] ?? `${currency} `);
  return `${cents < 0n ? '-' : ''}${symbol}${grouped}.${frac}`;
}

import { normalizePhone } from '../../../shared/phones.js';

/**
 * A number an SMS can go to or come from, as E.164, or undefined. Stricter than
 * normalizePhone: no masked digits ("1381111****", as provider samples show them), no
 * extension, and a mainland China number must be an 11-digit mobile (1xx xxxx xxxx) —
 * landlines are "possible" phone numbers but cannot receive SMS.
 */
export function smsPhone(raw: string, countryCode?: string): string | undefined {
  const text = raw.normalize('NFKC').trim();
  if (!/^\+?[\d\s()-]+$/.test(text)) return undefined;
  const withCountry = countryCode && !text.startsWith('+') ? `+${countryCode.replace(/^\+/, '')}${text}` : text;
  const phone = normalizePhone(withCountry, 'CN');
  if (!phone || phone.ext) return undefined;
  if (phone.number.startsWith('+86') && !/^\+861\d{10}$/.test(phone.number)) return undefined;
  return phone.number;
}

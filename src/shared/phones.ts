import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';

export type NormalizedPhone = { number: string; ext?: string };

const EXTENSION = /\s*(?:ext\.?|x|转|分机|#)\s*(\d{1,8})\s*$/i;

/**
 * A phone as E.164 (+8613800138000) with its extension kept apart, or undefined when the
 * text is not a phone number. Numbers without a country code are read in defaultRegion
 * (mainland China by default: 13800138000, 0571-88881234).
 */
export function normalizePhone(raw: string, defaultRegion: CountryCode = 'CN'): NormalizedPhone | undefined {
  const text = raw.normalize('NFKC').trim();
  if (!/\d/.test(text) || /[a-wyz]/i.test(text.replace(EXTENSION, '').replace(/^tel:/i, ''))) return undefined;
  const extMatch = EXTENSION.exec(text);
  const main = extMatch ? text.slice(0, extMatch.index) : text;
  const parsed = parsePhoneNumberFromString(main, defaultRegion);
  if (!parsed || !parsed.isPossible()) return undefined;
  const ext = extMatch?.[1] ?? parsed.ext;
  return ext ? { number: parsed.number, ext } : { number: parsed.number };
}

import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { normalizePhone, type NormalizedPhone } from '../../../shared/phones.js';

/** Several numbers or addresses in one cell: 13800138000；13900139000、0571-88881234 / … */
const LIST_SEPARATORS = /[;,，；\/、|\n]+/;

/** Whitespace between whole numbers separates them ("13800138000 13900139000"), inside one it does not ("138 0013 8000"). */
function splitSpacedNumbers(piece: string): string[] {
  const tokens = piece.trim().split(/\s+/);
  if (tokens.length < 2) return [piece];
  const whole = tokens.every((token) => (token.match(/\d/g)?.length ?? 0) >= 7);
  return whole ? tokens : [piece];
}

export type PhoneProblem = { value: string; code: 'phone_invalid' | 'phone_scientific' };

/**
 * Every phone in a cell, as E.164 with its extension. Numbers without a country code are
 * read in `region`. Excel's leading apostrophe (text marker) is dropped; a number Excel
 * turned into 1.38001E+10 cannot be recovered and says so.
 */
export function parsePhones(cell: string, region: string): { phones: NormalizedPhone[]; problems: PhoneProblem[] } {
  if (region === 'CN' && PLAIN_MOBILE.test(cell)) return { phones: [{ number: `+86${cell}` }], problems: [] };
  const phones: NormalizedPhone[] = [];
  const problems: PhoneProblem[] = [];
  for (const part of cell.normalize('NFKC').split(LIST_SEPARATORS)) {
    for (const piece of splitSpacedNumbers(part)) {
      const text = piece.trim().replace(/^'/, '');
      if (text === '') continue;
      if (/^\d(?:\.\d+)?e\+\d+$/i.test(text)) {
        problems.push({ value: text, code: 'phone_scientific' });
        continue;
      }
      const phone = normalize(text, region);
      if (phone) phones.push(phone);
      else problems.push({ value: text, code: 'phone_invalid' });
    }
  }
  return { phones, problems };
}

/** The pattern z.email() checks, so imported addresses pass the customers module's schema; a regex test is far cheaper per row. */
const EMAIL = z.regexes.email;

/**
 * A mainland mobile number written plainly (13800138000, +8613800138000) is most of any
 * Chinese contact list; it is normalised without libphonenumber, which costs ~10 µs a number.
 * The result is what normalizePhone gives for it.
 */
const CN_MOBILE = /^(?:\+?86)?(1[3-9]\d{9})$/;

const PLAIN_MOBILE = /^1[3-9]\d{9}$/;

function normalize(text: string, region: string): NormalizedPhone | undefined {
  if (region === 'CN' || text.startsWith('+86')) {
    const mobile = CN_MOBILE.exec(text.replace(/[\s-]/g, ''));
    if (mobile && (region === 'CN' || text.startsWith('+'))) return { number: `+86${mobile[1]}` };
  }
  return normalizePhone(text, region as CountryCode);
}

/** Every e-mail in a cell, trimmed and lower-cased; the ones that are not addresses apart. */
export function parseEmails(cell: string): { emails: string[]; invalid: string[] } {
  const lower = cell.toLowerCase();
  if (lower.length <= 254 && EMAIL.test(lower)) return { emails: [lower], invalid: [] };
  const emails: string[] = [];
  const invalid: string[] = [];
  for (const part of cell.normalize('NFKC').split(/[;,，；、\s|]+/)) {
    const text = part.trim().replace(/^mailto:/i, '').replace(/^<(.*)>$/, '$1').toLowerCase();
    if (text === '') continue;
    if (text.length <= 254 && EMAIL.test(text)) emails.push(text);
    else invalid.push(part.trim());
  }
  return { emails, invalid };
}

import type { Writable } from 'node:stream';
import { textSink } from './text-sink.js';

/** The contact fields a vCard carries. */
export type VcardContact = {
  name: string;
  phones: { number: string; ext?: string }[];
  emails: string[];
  company?: string | null;
  title?: string | null;
  address?: string | null;
  birthday?: string | null;
  note?: string | null;
  groups: string[];
};

/** RFC 6350 §3.4 text escaping (also valid for 3.0). */
function escape(text: string): string {
  return text.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\r?\n/g, '\\n');
}

/** Lines longer than 75 octets are folded (CRLF + space), never inside a UTF-8 character. */
function fold(line: string): string {
  if (Buffer.byteLength(line) <= 75) return `${line}\r\n`;
  let out = '';
  let current = '';
  let bytes = 0;
  for (const char of line) {
    const size = Buffer.byteLength(char);
    if (bytes + size > 75) {
      out += `${current}\r\n `;
      current = '';
      bytes = 1;
    }
    current += char;
    bytes += size;
  }
  return `${out}${current}\r\n`;
}

export function vcard(contact: VcardContact): string {
  const lines = ['BEGIN:VCARD', 'VERSION:3.0', `FN:${escape(contact.name)}`, `N:;${escape(contact.name)};;;`];
  for (const phone of contact.phones) lines.push(`TEL;TYPE=CELL:${phone.number}${phone.ext ? `;ext=${phone.ext}` : ''}`);
  for (const email of contact.emails) lines.push(`EMAIL;TYPE=INTERNET:${escape(email)}`);
  if (contact.company) lines.push(`ORG:${escape(contact.company)}`);
  if (contact.title) lines.push(`TITLE:${escape(contact.title)}`);
  if (contact.address) lines.push(`ADR;TYPE=HOME:;;${escape(contact.address)};;;;`);
  if (contact.birthday) lines.push(`BDAY:${contact.birthday}`);
  if (contact.note) lines.push(`NOTE:${escape(contact.note)}`);
  if (contact.groups.length > 0) lines.push(`CATEGORIES:${contact.groups.map(escape).join(',')}`);
  lines.push('END:VCARD');
  return lines.map(fold).join('');
}

/** vCard 3.0 contacts streamed to `out`, UTF-8 (what Android and iPhone contacts import). */
export function openVcardWriter(out: Writable): { contact(contact: VcardContact): Promise<void>; end(): Promise<void> } {
  const sink = textSink(out);
  return { contact: (contact) => sink.write(vcard(contact)), end: () => sink.end() };
}

import type { SourceEncoding, SourceRow, SourceTable } from '../contract.js';
import { decodeText } from './decode-text.js';
import { rowsOnce } from './row-stream.js';
import { components, isQuotedPrintable, parseProperty, plainText, propertyText, type VcardProperty } from './vcard-property.js';

/** A contact file is presented as a sheet with these columns, so mapping treats it like any other. */
export const vcardHeaders = ['姓名', '手机', '邮箱', '生日', '公司', '职务', '地址', '备注', '分组'] as const;

/** Binary payloads: their (possibly thousands of) folded lines are dropped as they stream past. */
const SKIPPED = new Set(['PHOTO', 'LOGO', 'SOUND', 'KEY']);
const CJK = /[\u3400-\u9fff]/;

type Line = { line: number; text: string };

async function* physicalLines(chunks: AsyncIterable<string>): AsyncGenerator<Line[]> {
  let pending = '';
  let line = 1;
  for await (const chunk of chunks) {
    const parts = (pending + chunk).split('\n');
    pending = parts.pop()!;
    const batch: Line[] = [];
    for (const part of parts) batch.push({ line: line++, text: part.endsWith('\r') ? part.slice(0, -1) : part });
    yield batch;
  }
  if (pending !== '') yield [{ line, text: pending }];
}

function personName(property: VcardProperty): string {
  const [family = '', given = '', middle = ''] = components(propertyText(property), ';');
  if (CJK.test(family + given)) return `${family}${middle}${given}`;
  return [given, middle, family].filter(Boolean).join(' ');
}

function address(property: VcardProperty): string {
  const [, extended = '', street = '', locality = '', region = '', postcode = '', country = ''] = components(propertyText(property), ';');
  if (CJK.test(street + locality + region + country)) return `${country}${region}${locality}${street}${extended}`;
  return [street, extended, locality, [region, postcode].filter(Boolean).join(' '), country].filter(Boolean).join(', ');
}

function telephone(value: string): string {
  // vCard 4.0: tel:+1-555-555-0100;ext=102
  return plainText(value).replace(/^tel:/i, '').replace(/;ext=/i, ' ext ');
}

function birthday(property: VcardProperty): string {
  const value = plainText(propertyText(property)).split('T')[0]!;
  // iPhone writes a birthday without a year as 1604-05-01 with X-APPLE-OMIT-YEAR=1604.
  const omitted = property.params.get('X-APPLE-OMIT-YEAR')?.[0];
  if (omitted && value.startsWith(omitted)) return `--${value.slice(omitted.length).replace(/^-/, '')}`;
  return value;
}

/** Collects one card's properties into the fixed columns. */
class Card {
  private readonly values = new Map<string, string[]>();
  private fullName = '';
  private structuredName = '';

  constructor(readonly line: number) {}

  add(property: VcardProperty): void {
    switch (property.name) {
      case 'FN': this.fullName = plainText(propertyText(property)); break;
      case 'N': this.structuredName = personName(property); break;
      case 'TEL': this.push('手机', telephone(propertyText(property))); break;
      case 'EMAIL': this.push('邮箱', plainText(propertyText(property))); break;
      case 'BDAY': this.push('生日', birthday(property)); break;
      case 'ORG': this.push('公司', components(propertyText(property), ';').filter(Boolean).join(' ')); break;
      case 'TITLE': this.push('职务', plainText(propertyText(property))); break;
      case 'ADR': this.push('地址', address(property)); break;
      case 'NOTE': this.push('备注', plainText(propertyText(property))); break;
      case 'CATEGORIES': for (const group of components(propertyText(property), ',')) this.push('分组', group); break;
      default: break; // X-ANDROID-CUSTOM, X-ABLabel, UID, REV…: nothing a customer file keeps
    }
  }

  private push(column: string, value: string): void {
    if (value === '') return;
    const values = this.values.get(column);
    if (values) values.push(value);
    else this.values.set(column, [value]);
  }

  private first(column: string): string {
    return this.values.get(column)?.[0] ?? '';
  }

  private all(column: string): string {
    return this.values.get(column)?.join(';') ?? '';
  }

  row(): SourceRow {
    const cells = [this.fullName || this.structuredName, this.all('手机'), this.all('邮箱'), this.first('生日'), this.first('公司'), this.first('职务'), this.first('地址'), this.all('备注'), this.all('分组')];
    return { line: this.line, cells };
  }
}

/**
 * Unfolds content lines (3.0/4.0: a leading space or tab continues the line; 2.1 QP: a
 * trailing "=" does) and turns each BEGIN:VCARD … END:VCARD into a row. A card cut off by
 * the end of the file, or by the next BEGIN, is still returned: its data is not dropped.
 */
async function* cards(lines: AsyncIterable<Line[]>): AsyncGenerator<SourceRow[]> {
  let card: Card | undefined;
  let current: { property: VcardProperty; skip: boolean; qp: boolean } | undefined;
  let batch: SourceRow[] = [];
  for await (const physical of lines) {
    for (const { line, text } of physical) {
      if (current?.qp && current.property.value.endsWith('=')) {
        current.property.value = current.property.value.slice(0, -1) + text.trimStart();
        continue;
      }
      if (current && (text.startsWith(' ') || text.startsWith('\t'))) {
        if (!current.skip) current.property.value += text.slice(1);
        continue;
      }
      if (current && !current.skip && card) card.add(current.property);
      current = undefined;
      const property = parseProperty(text);
      if (!property) continue; // blank lines and the bare base64 lines of a 2.1 photo
      if (property.name === 'BEGIN' || property.name === 'END') {
        if (property.value.trim().toUpperCase() !== 'VCARD') continue;
        if (card) batch.push(card.row());
        card = property.name === 'BEGIN' ? new Card(line) : undefined;
        continue;
      }
      current = { property, skip: SKIPPED.has(property.name), qp: isQuotedPrintable(property) };
    }
    if (batch.length > 0) {
      yield batch;
      batch = [];
    }
  }
  if (current && !current.skip && card) card.add(current.property);
  if (card) batch.push(card.row());
  if (batch.length > 0) yield batch;
}

/** Opens a vCard file (2.1, 3.0 or 4.0; Android and iPhone exports) as a table with fixed headers. */
export async function openVcard(path: string, encoding?: SourceEncoding): Promise<SourceTable> {
  const text = await decodeText(path, encoding);
  return { format: 'vcf', encoding: text.encoding, headers: [...vcardHeaders], rows: rowsOnce(cards(physicalLines(text.chunks)), text.close), close: text.close };
}

import iconv from 'iconv-lite';

/** One unfolded vCard content line: `item1.TEL;TYPE=CELL;CHARSET=UTF-8:+86 138…`. */
export type VcardProperty = { name: string; params: Map<string, string[]>; value: string };

/** Index of the colon that ends the parameters: a quoted parameter value may contain one. */
function valueStart(line: string): number {
  const colon = line.indexOf(':');
  const quote = line.indexOf('"');
  if (quote === -1 || colon < quote) return colon;
  let quoted = false;
  for (let index = 0; index < line.length; index++) {
    const char = line[index];
    if (char === '"') quoted = !quoted;
    else if (char === ':' && !quoted) return index;
  }
  return -1;
}

/** vCard 2.1 writes bare parameters (`TEL;CELL;PREF:`, `;QUOTED-PRINTABLE`): they are types or encodings. */
function bareParameterName(value: string): string {
  const upper = value.toUpperCase();
  if (upper === 'QUOTED-PRINTABLE' || upper === 'BASE64' || upper === 'B' || upper === '8BIT') return 'ENCODING';
  return 'TYPE';
}

export function parseProperty(line: string): VcardProperty | undefined {
  const colon = valueStart(line);
  if (colon <= 0) return undefined;
  const [head, ...rawParams] = line.slice(0, colon).split(';');
  const name = head!.slice(head!.lastIndexOf('.') + 1).trim().toUpperCase();
  const params = new Map<string, string[]>();
  for (const raw of rawParams) {
    const equals = raw.indexOf('=');
    const key = equals === -1 ? bareParameterName(raw.trim()) : raw.slice(0, equals).trim().toUpperCase();
    let values = params.get(key);
    if (!values) params.set(key, (values = []));
    for (const item of (equals === -1 ? raw : raw.slice(equals + 1)).replace(/"/g, '').split(',')) values.push(item.trim().toUpperCase());
  }
  return { name, params, value: line.slice(colon + 1) };
}

export function isQuotedPrintable(property: VcardProperty): boolean {
  return property.params.get('ENCODING')?.includes('QUOTED-PRINTABLE') ?? false;
}

function charsetOf(property: VcardProperty): string {
  const charset = property.params.get('CHARSET')?.[0]?.toLowerCase() ?? 'utf-8';
  if (charset === 'gbk' || charset === 'gb2312' || charset === 'gb18030' || charset === 'cp936') return 'gb18030';
  return iconv.encodingExists(charset) ? charset : 'utf-8';
}

/** Undoes QUOTED-PRINTABLE (=E5=BC=A0) and decodes the bytes in the property's CHARSET (UTF-8, GBK…). */
function decodeQuotedPrintable(value: string, charset: string): string {
  const bytes: number[] = [];
  for (let index = 0; index < value.length; index++) {
    const char = value[index]!;
    const hex = char === '=' ? value.slice(index + 1, index + 3) : '';
    if (/^[0-9A-Fa-f]{2}$/.test(hex)) {
      bytes.push(parseInt(hex, 16));
      index += 2;
    } else if (char.charCodeAt(0) < 0x80) {
      bytes.push(char.charCodeAt(0));
    } else {
      bytes.push(...Buffer.from(char, 'utf8'));
    }
  }
  return iconv.decode(Buffer.from(bytes), charset);
}

/** The property's text: QP decoded, in its charset. Escapes are left for `components`. */
export function propertyText(property: VcardProperty): string {
  return isQuotedPrintable(property) ? decodeQuotedPrintable(property.value, charsetOf(property)) : property.value;
}

function unescape(value: string): string {
  return value.replace(/\\([nN,;:\\])/g, (_, char: string) => (char === 'n' || char === 'N' ? '\n' : char));
}

/** Splits a structured value (N, ADR, ORG) or a list (CATEGORIES) on unescaped separators. */
export function components(value: string, separator: ';' | ','): string[] {
  const parts: string[] = [];
  let current = '';
  for (let index = 0; index < value.length; index++) {
    const char = value[index]!;
    if (char === '\\' && index + 1 < value.length) {
      current += char + value[index + 1];
      index++;
    } else if (char === separator) {
      parts.push(unescape(current).trim());
      current = '';
    } else {
      current += char;
    }
  }
  parts.push(unescape(current).trim());
  return parts;
}

export function plainText(value: string): string {
  return unescape(value).trim();
}

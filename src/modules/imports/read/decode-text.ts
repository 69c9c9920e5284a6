import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import iconv from 'iconv-lite';
import type { SourceEncoding } from '../contract.js';
import { sourceError } from './source-error.js';

const CHUNK = 1 << 16;

/** The file's bytes in chunks of 64 KB (small batches of rows die young, which keeps garbage collection cheap); `.gz` files are unzipped on the way. */
export function readBytes(path: string): { bytes: AsyncIterable<Buffer>; close: () => Promise<void> } {
  const file = createReadStream(path, { highWaterMark: CHUNK });
  const bytes = path.toLowerCase().endsWith('.gz') ? file.pipe(createGunzip({ chunkSize: CHUNK })) : file;
  const close = async () => {
    if (file.closed) return;
    const closed = once(file, 'close').catch(() => undefined);
    file.destroy();
    if (bytes !== file) bytes.destroy();
    await closed;
  };
  return { bytes, close };
}

/** A file that cannot be opened (missing, a directory, no permission) or is not valid gzip. */
export function unreadable(path: string, error: unknown) {
  const reason = error instanceof Error ? error.message : String(error);
  return sourceError('file_unreadable', `无法读取文件 ${path}：${reason}`, `Cannot read the file ${path}: ${reason}`, { path });
}

/** Bytes that may end in the middle of a UTF-8 sequence: that tail is not proof of invalid UTF-8. */
function isUtf8Prefix(bytes: Buffer): boolean {
  for (let cut = 0; cut <= 3 && cut < bytes.length; cut++) {
    if (isUtf8(bytes.subarray(0, bytes.length - cut))) return true;
  }
  return bytes.length === 0;
}

/**
 * Which encoding the first chunk of a file is in: a byte-order mark decides; otherwise
 * text that is valid UTF-8 is UTF-8, and anything else is GB18030, the superset of the
 * GBK that Chinese Excel and WPS save. Returns the BOM's length too, to skip it.
 */
export function detectEncoding(head: Buffer): { encoding: SourceEncoding; bom: number } {
  if (head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf) return { encoding: 'utf-8', bom: 3 };
  if (head[0] === 0xff && head[1] === 0xfe) return { encoding: 'utf-16le', bom: 2 };
  if (head[0] === 0xfe && head[1] === 0xff) return { encoding: 'utf-16be', bom: 2 };
  return { encoding: isUtf8Prefix(head) ? 'utf-8' : 'gb18030', bom: 0 };
}

function bomLength(head: Buffer, encoding: SourceEncoding): number {
  const detected = detectEncoding(head);
  return detected.bom > 0 && detected.encoding === encoding ? detected.bom : 0;
}

export type DecodedText = {
  encoding: SourceEncoding;
  chunks: AsyncGenerator<string>;
  /** Closes the file, whether or not the chunks were read. */
  close: () => Promise<void>;
};

/**
 * Streams a file as text. The encoding is detected from the first chunk unless given.
 * When UTF-8 was only guessed and a later chunk turns out not to be UTF-8 (an ASCII head
 * followed by GBK names), reading stops with an error that says which option to use,
 * rather than importing garbled names.
 */
export async function decodeText(path: string, forced?: SourceEncoding): Promise<DecodedText> {
  const file = readBytes(path);
  const iterator = file.bytes[Symbol.asyncIterator]();
  const first = await iterator.next().catch((error: unknown) => {
    throw unreadable(path, error);
  });
  const head: Buffer = first.done ? Buffer.alloc(0) : first.value;
  const detected = detectEncoding(head);
  const encoding = forced ?? detected.encoding;
  const skip = bomLength(head, encoding);

  async function* chunks(): AsyncGenerator<string> {
    if (encoding === 'utf-8') {
      const decoder = new TextDecoder('utf-8', { fatal: !forced, ignoreBOM: true });
      let offset = 0;
      try {
        yield decoder.decode(head.subarray(skip), { stream: true });
        offset = head.length;
        for (let next = await iterator.next(); !next.done; next = await iterator.next()) {
          yield decoder.decode(next.value, { stream: true });
          offset += next.value.length;
        }
        yield decoder.decode();
      } catch (error) {
        if (!(error instanceof TypeError)) throw error;
        throw sourceError(
          'encoding_mismatch',
          `文件在第 ${offset} 字节之后不是 UTF-8 编码，请指定编码（如 gb18030）后重新导入`,
          `The file is not UTF-8 after byte ${offset}; choose its encoding (e.g. gb18030) and import again`,
          { offset },
        );
      }
      return;
    }
    const decoder = iconv.getDecoder(encoding, { stripBOM: false });
    yield decoder.write(head.subarray(skip));
    for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield decoder.write(next.value);
    const rest = decoder.end();
    if (rest) yield rest;
  }
  const decoded = chunks();
  const close = async () => {
    await decoded.return(undefined);
    await file.close();
  };
  return { encoding, chunks: decoded, close };
}

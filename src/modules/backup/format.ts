import { z } from 'zod';

/**
 * The backup file format (docs/backup.md). After gunzip the stream is:
 *   header JSON line
 *   per table, zero or more chunks: a frame JSON line {table, rows, bytes}, then exactly
 *     `bytes` bytes of CSV (COPY … WITH (FORMAT csv)) holding exactly `rows` whole rows
 *   trailer JSON line {end: true, tables: [{name, rows, bytes}]}
 * Chunks always end on a row boundary, so each can be loaded by its own COPY (PGlite)
 * or all streamed into one COPY FROM STDIN (PostgreSQL).
 */
export const BACKUP_FORMAT = 'weixi-backup';
export const BACKUP_FORMAT_VERSION = 1;
/** gzip magic bytes. */
export const GZIP_MAGIC = [0x1f, 0x8b] as const;

const tableEntry = z.object({
  name: z.string().min(1),
  columns: z.array(z.string().min(1)).min(1),
  rows: z.number().int().nonnegative(),
});

const sequenceEntry = z.object({
  name: z.string().min(1),
  lastValue: z.string().regex(/^-?\d+$/),
  isCalled: z.boolean(),
});

export const backupHeader = z.object({
  format: z.literal(BACKUP_FORMAT),
  formatVersion: z.number().int().positive(),
  schemaVersion: z.string().min(1),
  createdAt: z.string(),
  engine: z.string(),
  serverVersion: z.string().optional(),
  appVersion: z.string().optional(),
  tables: z.array(tableEntry),
  sequences: z.array(sequenceEntry).default([]),
});
export type BackupHeader = z.infer<typeof backupHeader>;
export type BackupTable = z.infer<typeof tableEntry>;
export type BackupSequence = z.infer<typeof sequenceEntry>;

export const chunkFrame = z.strictObject({
  table: z.string().min(1),
  rows: z.number().int().positive(),
  bytes: z.number().int().positive(),
});
export type ChunkFrame = z.infer<typeof chunkFrame>;

export const trailerFrame = z.strictObject({
  end: z.literal(true),
  tables: z.array(z.object({ name: z.string(), rows: z.number().int().nonnegative(), bytes: z.number().int().nonnegative() })),
});
export type TrailerFrame = z.infer<typeof trailerFrame>;

export function frameLine(value: unknown): Buffer {
  return Buffer.from(`${JSON.stringify(value)}\n`, 'utf8');
}

const QUOTE = 0x22;
const NEWLINE = 0x0a;

/**
 * Cuts a COPY … (FORMAT csv) byte stream into chunks of whole rows. A row ends at a
 * newline outside quotes; a doubled quote inside a quoted field flips the state twice,
 * so counting quote parity is enough.
 */
export class CsvRowSplitter {
  private parts: Buffer[] = [];
  /** Bytes pending, and the offset within them just after the last complete row. */
  private size = 0;
  private boundary = 0;
  /** Complete rows pending. */
  private rows = 0;
  private inQuotes = false;

  constructor(private readonly targetBytes: number) {}

  /** Adds bytes; returns the chunks of whole rows that reached targetBytes. */
  push(chunk: Buffer): { data: Buffer; rows: number }[] {
    const base = this.size;
    const cuts: { end: number; rows: number }[] = [];
    let inQuotes = this.inQuotes;
    let rows = this.rows;
    let boundary = this.boundary;
    let frameStart = 0;
    // indexOf runs natively; a byte-by-byte loop in JavaScript is several times slower.
    let nextQuote = -2;
    let nextNewline = -2;
    for (let i = 0; i < chunk.length; ) {
      if (nextQuote !== -1 && nextQuote < i) nextQuote = chunk.indexOf(QUOTE, i);
      if (inQuotes) {
        if (nextQuote === -1) break;
        inQuotes = false;
        i = nextQuote + 1;
        continue;
      }
      if (nextNewline !== -1 && nextNewline < i) nextNewline = chunk.indexOf(NEWLINE, i);
      if (nextNewline === -1 && nextQuote === -1) break;
      if (nextQuote !== -1 && (nextNewline === -1 || nextQuote < nextNewline)) {
        inQuotes = true;
        i = nextQuote + 1;
        continue;
      }
      rows++;
      boundary = base + nextNewline + 1;
      i = nextNewline + 1;
      if (boundary - frameStart >= this.targetBytes) {
        cuts.push({ end: boundary, rows });
        frameStart = boundary;
        rows = 0;
      }
    }
    this.inQuotes = inQuotes;
    this.parts.push(chunk);
    this.size += chunk.length;
    this.rows = rows;
    this.boundary = boundary;
    if (cuts.length === 0) return [];
    const all = Buffer.concat(this.parts, this.size);
    const out: { data: Buffer; rows: number }[] = [];
    let start = 0;
    for (const cut of cuts) {
      out.push({ data: all.subarray(start, cut.end), rows: cut.rows });
      start = cut.end;
    }
    const rest = all.subarray(start);
    this.parts = rest.length > 0 ? [rest] : [];
    this.size = rest.length;
    this.boundary -= start;
    return out;
  }

  /** The remaining rows; throws if the data did not end on a row boundary. */
  finish(): { data: Buffer; rows: number } | undefined {
    if (this.size !== this.boundary || this.inQuotes) throw new Error('COPY output did not end on a row boundary');
    if (this.size === 0) return undefined;
    const result = { data: Buffer.concat(this.parts, this.size), rows: this.rows };
    this.parts = [];
    this.size = 0;
    this.boundary = 0;
    this.rows = 0;
    return result;
  }
}

/**
 * Reads lines and exact byte counts from an async stream of buffers. `line` refuses
 * lines longer than maxBytes so a file that is not a backup is not read whole.
 */
export class FrameReader {
  // Chunks are kept in a list and joined once per read, so reading a large frame does
  // not copy the bytes read so far on every incoming chunk.
  private parts: Buffer[] = [];
  private length = 0;
  private done = false;
  private readonly iterator: AsyncIterator<Buffer>;

  constructor(
    source: AsyncIterable<Buffer>,
    private readonly onClose?: () => void,
  ) {
    this.iterator = source[Symbol.asyncIterator]();
  }

  private async fill(): Promise<boolean> {
    if (this.done) return false;
    const next = await this.iterator.next();
    if (next.done) {
      this.done = true;
      return false;
    }
    if (next.value.length > 0) {
      this.parts.push(next.value);
      this.length += next.value.length;
    }
    return true;
  }

  private joined(): Buffer {
    if (this.parts.length > 1) this.parts = [Buffer.concat(this.parts, this.length)];
    return this.parts[0] ?? Buffer.alloc(0);
  }

  private consume(n: number): Buffer {
    const all = this.joined();
    const out = all.subarray(0, n);
    const rest = all.subarray(n);
    this.parts = rest.length > 0 ? [rest] : [];
    this.length = rest.length;
    return out;
  }

  /** The next line without its newline, or undefined at the end of the stream. */
  async line(maxBytes: number): Promise<string | undefined> {
    let searchFrom = 0;
    for (;;) {
      const all = this.joined();
      const newline = all.indexOf(NEWLINE, searchFrom);
      if (newline >= 0) {
        if (newline > maxBytes) throw new LineTooLongError();
        const text = all.subarray(0, newline).toString('utf8');
        this.consume(newline + 1);
        return text;
      }
      if (this.length > maxBytes) throw new LineTooLongError();
      searchFrom = this.length;
      if (!(await this.fill())) {
        if (this.length > 0) throw new UnexpectedEndError();
        return undefined;
      }
    }
  }

  /** Exactly n bytes; throws UnexpectedEndError if the stream ends first. */
  async bytes(n: number): Promise<Buffer> {
    while (this.length < n) {
      if (!(await this.fill())) throw new UnexpectedEndError();
    }
    return this.consume(n);
  }

  /** True if nothing but the end of the stream is left. */
  async atEnd(): Promise<boolean> {
    while (this.length === 0) {
      if (!(await this.fill())) return true;
    }
    return false;
  }

  /** Reads and discards everything left (so the decompressor checks the whole file). */
  async skipToEnd(): Promise<void> {
    this.parts = [];
    this.length = 0;
    while (await this.fill()) {
      this.parts = [];
      this.length = 0;
    }
  }

  async close(): Promise<void> {
    try {
      await this.iterator.return?.();
    } finally {
      this.onClose?.();
    }
  }
}

export class LineTooLongError extends Error {}
export class UnexpectedEndError extends Error {}

import { existsSync, mkdtempSync, readdirSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { OpenSourceOptions, SourceRow } from '../contract.js';
import { openSource } from './open-source.js';

const dir = mkdtempSync(join(tmpdir(), 'weixi-open-source-'));
let count = 0;
function file(name: string, content: Buffer | string): string {
  const path = join(dir, `${count++}-${name}`);
  writeFileSync(path, content);
  return path;
}

async function read(path: string, options?: OpenSourceOptions): Promise<{ encoding?: string; headers: string[]; rows: SourceRow[] }> {
  const table = await openSource(path, options);
  const rows: SourceRow[] = [];
  for await (const row of table.rows) rows.push(row);
  return { encoding: table.encoding, headers: table.headers, rows };
}

describe('openSource for text files', () => {
  it('recognises UTF-16 little- and big-endian by their BOM (Excel "Unicode text" is tab separated)', async () => {
    const text = '姓名\t手机\r\n张三\t13800138000\r\n';
    for (const [encoding, bom] of [['utf-16le', [0xff, 0xfe]], ['utf-16be', [0xfe, 0xff]]] as const) {
      const path = file('unicode.txt', Buffer.concat([Buffer.from(bom), iconv.encode(text, encoding)]));
      expect(await read(path)).toEqual({ encoding, headers: ['姓名', '手机'], rows: [{ line: 2, cells: ['张三', '13800138000'] }] });
    }
  });

  it('sniffs semicolon and tab separated files saved as .csv', async () => {
    expect((await read(file('semi.csv', 'Name;Phone\nA;"1;2"\n'))).rows).toEqual([{ line: 2, cells: ['A', '1;2'] }]);
    expect((await read(file('tabs.csv', 'Name\tPhone\tNote\nA\t1\tx, y\n'))).rows).toEqual([{ line: 2, cells: ['A', '1', 'x, y'] }]);
  });

  it('follows an Excel "sep=" line and skips a title row above the header', async () => {
    expect(await read(file('sep.csv', 'sep=;\r\nName;Phone\r\nA;1,2\r\n'))).toEqual({ encoding: 'utf-8', headers: ['Name', 'Phone'], rows: [{ line: 3, cells: ['A', '1,2'] }] });
    expect(await read(file('title.csv', '2024 客户名单,,\n姓名,手机,备注\n张三,13800138000,\n'))).toEqual({ encoding: 'utf-8', headers: ['姓名', '手机', '备注'], rows: [{ line: 3, cells: ['张三', '13800138000', ''] }] });
    expect((await read(file('one-column.csv', '姓名\n张三\n李四\n'))).rows).toEqual([{ line: 2, cells: ['张三'] }, { line: 3, cells: ['李四'] }]);
  });

  it('reads gzip-compressed CSV and files with old Mac line ends', async () => {
    expect((await read(file('orders.csv.gz', gzipSync('a,b\r\n1,2\r\n')))).rows).toEqual([{ line: 2, cells: ['1', '2'] }]);
    expect((await read(file('mac.csv', 'a,b\r1,2\r3,4\r'))).rows).toEqual([{ line: 2, cells: ['1', '2'] }, { line: 3, cells: ['3', '4'] }]);
  });

  it('stops with a clear error when a file detected as UTF-8 turns out not to be, and reads it when told GB18030', async () => {
    const head = `name,note\n${'a,b\n'.repeat(400_000)}`;
    const path = file('late-gbk.csv', Buffer.concat([Buffer.from(head), iconv.encode('张三,老客户\n', 'gbk')]));
    await expect(read(path)).rejects.toMatchObject({ code: 'encoding_mismatch' });
    const forced = await read(path, { encoding: 'gb18030' });
    expect(forced.rows.at(-1)).toEqual({ line: 400_002, cells: ['张三', '老客户'] });
  });

  it('lets the rows be read once only, and refuses unknown formats', async () => {
    const table = await openSource(file('once.csv', 'a\n1\n'));
    for await (const _ of table.rows) void _;
    expect(() => table.rows[Symbol.asyncIterator]()).toThrowError(expect.objectContaining({ code: 'source_already_read' }));
    await expect(openSource(file('old.xls', 'x'))).rejects.toMatchObject({ code: 'unsupported_format' });
  });

  it('says which file it cannot read', async () => {
    await expect(openSource(join(dir, 'missing.csv'))).rejects.toMatchObject({ code: 'file_unreadable', details: { path: join(dir, 'missing.csv') } });
    await expect(openSource(file('broken.csv.gz', 'not gzip'))).rejects.toMatchObject({ code: 'file_unreadable' });
    await expect(openSource(file('broken.xlsx', 'not a zip'))).rejects.toMatchObject({ code: 'xlsx_unreadable' });
  });

  it('gives an empty table for an empty file', async () => {
    expect(await read(file('empty.csv', ''))).toEqual({ encoding: 'utf-8', headers: [], rows: [] });
  });
});

describe('closing a source that is not read to the end', () => {
  // Descriptors open on this very file: counting all of the process's descriptors was
  // flaky, as sockets of other work in the same worker open and close meanwhile.
  const openOn = (path: string) =>
    readdirSync('/proc/self/fd').filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === path;
      } catch {
        return false;
      }
    }).length;
  const big = file('big.csv', `a,b\n${'1,2\n'.repeat(300_000)}`);
  const fixtures = ['customers-and-orders.xlsx', 'iphone-contacts-3.0.vcf'].map((name) => fileURLToPath(new URL(`../../../../test/fixtures/imports/${name}`, import.meta.url)));

  it.skipIf(!existsSync('/proc/self/fd'))('releases the file on close() or when a loop over the rows stops early', async () => {
    for (const path of [big, ...fixtures]) {
      const table = await openSource(path);
      // The probe sees an open CSV (read as a stream), so a leak would show.
      if (path === big) expect(openOn(path), path).toBeGreaterThan(0);
      await table.close?.();
      await table.close?.();
      expect(openOn(path), path).toBe(0);
      const again = await openSource(path);
      for await (const row of again.rows) if (row) break;
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(openOn(path), path).toBe(0);
    }
  });
});

describe('openSource for vCards', () => {
  it('keeps a card cut off by the end of the file or by the next BEGIN', async () => {
    const path = file('cut.vcf', 'BEGIN:VCARD\nVERSION:3.0\nFN:A\nTEL:13800138000\nBEGIN:VCARD\nFN:B\nEMAIL:b@example.com\n');
    const result = await read(path);
    expect(result.rows).toEqual([
      { line: 1, cells: ['A', '13800138000', '', '', '', '', '', '', ''] },
      { line: 5, cells: ['B', '', 'b@example.com', '', '', '', '', '', ''] },
    ]);
  });

  it('builds a name from N when FN is missing: family name first in Chinese, given name first otherwise', async () => {
    const path = file('n.vcf', 'BEGIN:VCARD\nN:王;小明;;;\nEND:VCARD\nBEGIN:VCARD\nN:Smith;Anna;Lee;;\nEND:VCARD\n');
    expect((await read(path)).rows.map((row) => row.cells[0])).toEqual(['王小明', 'Anna Lee Smith']);
  });
});

import { createWriteStream, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../src/db/test-support.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { getCustomer } from '../src/modules/customers/get-customer.js';
import { listCustomers } from '../src/modules/customers/list-customers.js';
import { exportCustomers } from '../src/modules/exports/export-customers.js';
import { exportOrders } from '../src/modules/exports/export-orders.js';
import { addOrder } from '../src/modules/orders/add-order.js';
import { createImportJob } from '../src/modules/imports/create-import-job.js';
import { fileFacts } from '../src/modules/imports/file-facts.js';
import { runCustomerImport } from '../src/modules/imports/import-customers.js';
import { openCustomerSource } from '../src/modules/imports/open-import-source.js';
import { useFixtureDatabase } from '../src/modules/timeline/test-fixtures.js';
import { systemActor } from '../src/modules/users/actor.js';

const dir = mkdtempSync(join(tmpdir(), 'weixi-export-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe.each(testEngines())('export on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('CSV: BOM, formula-like cells neutralised, and a +86 phone survives export → import into another database unchanged', async () => {
    const original = await createCustomer(t.db, t.admin, {
      name: '陈国际', phones: [{ number: '+86 138 0013 8000' }, { number: '0571-88881234', ext: '806' }], emails: [{ address: 'chen@example.com' }],
      company: '=HYPERLINK("http://evil.example","点我")', title: '@经理', tags: ['VIP'], region: '华东',
    });
    const path = join(dir, `customers-${engine}.csv`);
    const count = await exportCustomers(t.db, t.admin, { q: '陈国际' }, 'csv', createWriteStream(path));
    expect(count).toBe(1);
    const text = readFileSync(path, 'utf8');
    expect(text.charCodeAt(0)).toBe(0xfeff);
    const line = text.split('\r\n')[1]!;
    expect(line).toContain(`"'=HYPERLINK(""http://evil.example"",""点我"")"`);
    expect(line).toContain("'@经理");
    expect(line).toContain("'+86 138 0013 8000; +86 571 8888 1234 转 806");
    // No cell of the file starts with a formula character any more.
    for (const cell of line.split(',')) expect(cell.replace(/^"/, '')).not.toMatch(/^[=+\-@\t\r]/);

    const other = await openTestDatabase(engine);
    try {
      const facts = await fileFacts(path);
      const opened = await openCustomerSource(other.db, path, {});
      const job = await createImportJob(other.db, systemActor, { kind: 'customers', fileName: facts.fileName, fileSha256: facts.sha256, options: { mapping: opened.mapping } });
      const result = await runCustomerImport(other.db, systemActor, job.id, opened.source, opened.mapRow);
      expect(result.counts).toMatchObject({ created: 1, rejected: 0 });
      const [copy] = (await listCustomers(other.db, systemActor, { phone: '13800138000' })).items;
      const full = await getCustomer(other.db, systemActor, copy!.id);
      expect(full.phones.map((p) => [p.number, p.ext])).toEqual(original.phones.map((p) => [p.number, p.ext]));
      expect(full.emails.map((e) => e.address)).toEqual(['chen@example.com']);
      expect(full.tags).toEqual(['VIP']);
      expect(full.region).toBe('华东');
    } finally {
      await other.close();
    }
  });

  it('staff export only the customers they may see; XLSX and vCard carry the same list', async () => {
    const path = join(dir, `staff-${engine}.xlsx`);
    const count = await exportCustomers(t.db, t.staff, {}, 'xlsx', createWriteStream(path));
    const workbook = new ExcelJS.Workbook();
    await workbook.xlsx.readFile(path);
    const names = workbook.worksheets[0]!.getColumn(1).values.slice(2);
    // 华东 customers (the fixture's and the previous test's); not 周杰 (华北).
    expect([...names].sort()).toEqual(['张伟', '陈国际']);
    expect(count).toBe(2);
    const vcf = join(dir, `staff-${engine}.vcf`);
    await exportCustomers(t.db, t.staff, {}, 'vcf', createWriteStream(vcf));
    const cards = readFileSync(vcf, 'utf8');
    expect(cards.match(/BEGIN:VCARD\r\nVERSION:3\.0\r\nFN:/g)).toHaveLength(2);
    expect(cards).toContain('TEL;TYPE=CELL:+8613800138000\r\nTEL;TYPE=CELL:+8657188881234;ext=806\r\n');
    expect(cards).not.toContain('周杰');
  });

  it('orders: exact amounts, newest first, only visible customers', async () => {
    await addOrder(t.db, t.admin, t.east.id, { orderedAt: '2024-03-08T10:00:00+08:00', amount: '0.10', externalId: 'E-1' });
    await addOrder(t.db, t.admin, t.north.id, { orderedAt: '2024-03-09T10:00:00+08:00', amount: '-5.50', externalId: 'N-1' });
    const path = join(dir, `orders-${engine}.csv`);
    expect(await exportOrders(t.db, t.staff, {}, 'csv', createWriteStream(path))).toBe(1);
    const all = join(dir, `orders-all-${engine}.csv`);
    expect(await exportOrders(t.db, t.admin, {}, 'csv', createWriteStream(all))).toBe(2);
    const lines = readFileSync(all, 'utf8').split('\r\n');
    // A plain number is no formula: a refund stays a number Excel can add up.
    expect(lines[1]).toMatch(/^N-1,2024-03-09T02:00:00Z,-5\.50,/);
    expect(lines[2]).toMatch(/^E-1,2024-03-08T02:00:00Z,0\.10,/);
    const audit = await t.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'orders.export'`);
    expect((audit as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(2);
  });
});

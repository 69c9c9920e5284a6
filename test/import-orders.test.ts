import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import type { Db } from '../src/db/connect.js';
import { testEngines } from '../src/db/test-support.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { createImportJob } from '../src/modules/imports/create-import-job.js';
import { fileFacts } from '../src/modules/imports/file-facts.js';
import type { ImportOptionsInput } from '../src/modules/imports/import-options.js';
import { runOrderImport } from '../src/modules/imports/import-orders.js';
import { openOrderSource } from '../src/modules/imports/open-import-source.js';
import { useFixtureDatabase } from '../src/modules/timeline/test-fixtures.js';
import type { Actor } from '../src/modules/users/actor.js';

/** The UCI Online Retail layout: line items, a cancellation (C…), a free item, a row without customer. */
const RETAIL = `InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country
536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26:00,2.55,17850.0,United Kingdom
536365,71053,WHITE METAL LANTERN,6,2010-12-01 08:26:00,3.39,17850.0,United Kingdom
536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28:00,1.85,17850.0,United Kingdom
536414,22139,,56,2010-12-01 11:52:00,0.0,,United Kingdom
C536379,D,Discount,-1,2010-12-01 09:41:00,27.5,14527.0,United Kingdom
536370,22728,ALARM CLOCK BAKELIKE PINK,24,2010-12-01 08:45:00,3.75,12583.0,France
536370,POST,POSTAGE,3,2010-12-01 08:45:00,0.0,12583.0,France
536371,22086,PAPER CHAIN KIT 50'S CHRISTMAS,80,2010-12-01 09:00:00,2.55,99999.0,United Kingdom
`;

const dir = mkdtempSync(join(tmpdir(), 'weixi-import-orders-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function importOrders(db: Db, actor: Actor, text: string, options: ImportOptionsInput = {}) {
  const path = join(dir, 'orders.csv');
  writeFileSync(path, text);
  const facts = await fileFacts(path);
  const opened = await openOrderSource(db, path, {});
  const job = await createImportJob(db, actor, { kind: 'orders', fileName: facts.fileName, fileSha256: facts.sha256, options: { ...options, mapping: opened.mapping } });
  return runOrderImport(db, actor, job.id, opened.source, opened.mapRow);
}

async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

describe.each(testEngines())('order import on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('links line items to customers by customer id, sums each invoice exactly, keeps cancellations as refunds, and reports the rest', async () => {
    const known = await createCustomer(t.db, t.admin, { name: 'Customer 17850' });
    await t.db.execute(sql`UPDATE customers SET external_id = '17850' WHERE id = ${known.id}`);
    const job = await importOrders(t.db, t.admin, RETAIL, { batchSize: 1 });
    // 536365 (2 items) and 536366 link to the known customer; the rest have no customer.
    expect(job.counts).toEqual({ created: 3, updated: 0, unchanged: 0, rejected: 5 });
    const orders = await rowsOf<{ external_id: string; amount: string; items: { name: string; quantity: number; unitPrice: string }[] }>(t.db, sql`
      SELECT external_id, amount::text, items FROM orders WHERE customer_id = ${known.id} ORDER BY external_id`);
    expect(orders.map((o) => [o.external_id, o.amount, o.items.length])).toEqual([['536365', '35.64', 2], ['536366', '11.10', 1]]);
    const reports = await rowsOf<{ line: number; code: string }>(t.db, sql`SELECT line, code FROM import_row_errors WHERE job_id = ${job.id} ORDER BY seq`);
    expect(reports).toEqual([
      { line: 5, code: 'customer_missing' },
      { line: 6, code: 'customer_not_found' },
      { line: 7, code: 'customer_not_found' },
      { line: 8, code: 'customer_not_found' },
      { line: 9, code: 'customer_not_found' },
    ]);
    const timeline = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM interactions WHERE customer_id = ${known.id} AND kind = 'purchase'`);
    expect(timeline[0]!.n).toBe(2);

    const again = await importOrders(t.db, t.admin, RETAIL, { batchSize: 1 });
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 3, rejected: 5 });
  });

  it('with createCustomers, an unknown customer id becomes a customer; a cancellation is a negative order; free items stay items', async () => {
    const job = await importOrders(t.db, t.admin, RETAIL, { createCustomers: true });
    expect(job.counts.rejected).toBe(1);
    const rows = await rowsOf<{ customer: string; external_id: string; amount: string; items: number }>(t.db, sql`
      SELECT c.external_id AS customer, o.external_id, o.amount::text, jsonb_array_length(o.items) AS items
        FROM orders o JOIN customers c ON c.id = o.customer_id WHERE c.external_id IN ('14527', '12583', '99999') ORDER BY o.external_id`);
    expect(rows).toEqual([
      { customer: '12583', external_id: '536370', amount: '90.00', items: 2 },
      { customer: '99999', external_id: '536371', amount: '204.00', items: 1 },
      { customer: '14527', external_id: 'C536379', amount: '-27.50', items: 1 },
    ]);
    const [created] = await rowsOf<{ name: string; stage: string }>(t.db, sql`SELECT name, stage FROM customers WHERE external_id = '99999'`);
    expect(created).toEqual({ name: '客户 99999', stage: 'current' });
  });
});

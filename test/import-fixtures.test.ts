import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines } from '../src/db/test-support.js';
import { createCustomField } from '../src/modules/custom-fields/create-custom-field.js';
import { createImportJob } from '../src/modules/imports/create-import-job.js';
import { fileFacts } from '../src/modules/imports/file-facts.js';
import { runCustomerImport } from '../src/modules/imports/import-customers.js';
import { openCustomerSource } from '../src/modules/imports/open-import-source.js';
import { systemActor } from '../src/modules/users/actor.js';
import { createUser } from '../src/modules/users/create-user.js';

/**
 * The real files of test/fixtures/imports (see its README for what each holds), imported
 * end to end into an empty database: every valid record becomes a customer, and each
 * malformed row the README lists is reported at its line — not swallowed.
 */
const FIXTURES: { file: string; created: number; rejectedLines: number[] }[] = [
  { file: 'customers-excel-gbk.csv', created: 3, rejectedLines: [5, 7] },
  { file: 'customers-utf8-bom.csv', created: 3, rejectedLines: [4, 6] },
  { file: 'android-contacts-2.1.vcf', created: 2, rejectedLines: [70, 76] },
  { file: 'iphone-contacts-3.0.vcf', created: 2, rejectedLines: [85] },
  { file: 'contacts-4.0.vcf', created: 1, rejectedLines: [12] },
  { file: 'customers-and-orders.xlsx', created: 3, rejectedLines: [5] },
];

describe.each(testEngines())('real import files on %s', (engine) => {
  it.each(FIXTURES)('$file', async ({ file, created, rejectedLines }) => {
    const database = await openTestDatabase(engine);
    try {
      const db = database.db;
      // Owners and custom fields the UTF-8 file refers to.
      for (const username of ['alice', 'bob']) await createUser(db, systemActor, { username, password: `${username}-password-1`, role: 'staff' });
      await createCustomField(db, systemActor, { key: 'tier', labelZh: '会员等级', labelEn: 'Tier', type: 'select', options: ['金卡', '银卡'] });
      await createCustomField(db, systemActor, { key: 'budget', labelZh: '年度预算', labelEn: 'Annual Budget', type: 'number' });
      const path = join(process.cwd(), 'test', 'fixtures', 'imports', file);
      const facts = await fileFacts(path);
      const opened = await openCustomerSource(db, path, {});
      const job = await createImportJob(db, systemActor, { kind: 'customers', fileName: facts.fileName, fileSha256: facts.sha256, options: { mapping: opened.mapping } });
      const result = await runCustomerImport(db, systemActor, job.id, opened.source, opened.mapRow);
      expect(result.counts).toEqual({ created, updated: 0, unchanged: 0, rejected: rejectedLines.length });
      const reported = (await db.execute(sql`SELECT DISTINCT line FROM import_row_errors WHERE job_id = ${job.id} AND kind = 'rejected' ORDER BY line`)) as unknown as { rows: { line: number }[] };
      expect(reported.rows.map((row) => row.line)).toEqual(rejectedLines);
      const customers = (await db.execute(sql`SELECT count(*)::int AS n FROM customers`)) as unknown as { rows: { n: number }[] };
      expect(customers.rows[0]!.n).toBe(created);
    } finally {
      await database.close();
    }
  });
});

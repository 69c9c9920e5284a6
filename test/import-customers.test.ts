import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { listCustomers } from '../src/modules/customers/list-customers.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { createImportJob } from '../src/modules/imports/create-import-job.js';
import type { ImportOptionsInput } from '../src/modules/imports/import-options.js';
import { runCustomerImport } from '../src/modules/imports/import-customers.js';
import type { Db } from '../src/db/connect.js';
import { testEngines } from '../src/db/test-support.js';
import type { Actor } from '../src/modules/users/actor.js';
import { useFixtureDatabase } from '../src/modules/timeline/test-fixtures.js';
import { csvSource, mapSimpleRow, sha256 } from './import-helpers.js';

const FILE = `name,phone,email,group,company
王小明,13800138000,wxm@example.com,VIP,西湖茶业
李雷,+86 139 0013 9000,,老客户,
王小明（重复）,138-0013-8000,WXM2@example.com,普通用户,别的公司
坏电话,12345,,,
韩梅梅,,hmm@example.com,VIP,
`;

async function importText(db: Db, actor: Actor, text: string, options: ImportOptionsInput = {}, signal?: AbortSignal) {
  const job = await createImportJob(db, actor, { kind: 'customers', fileName: 'contacts.csv', fileSha256: sha256(text), options });
  return runCustomerImport(db, actor, job.id, csvSource(text), mapSimpleRow, { signal });
}

async function rowsOf<T>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

describe.each(testEngines())('customer import engine on %s', (engine) => {
  const t = useFixtureDatabase(engine);

  it('creates, merges in-file duplicates, reports bad rows, and a second run changes nothing', async () => {
    const first = await importText(t.db, t.admin, FILE);
    expect(first.status).toBe('done');
    expect(first.counts).toEqual({ created: 3, updated: 1, unchanged: 0, rejected: 1 });
    expect(first.rowsDone).toBe(5);

    const reports = await rowsOf<{ line: number; kind: string; code: string; column_name: string | null; value: string | null; message_zh: string; matched_id: string | null }>(
      t.db, sql`SELECT line, kind, code, column_name, value, message_zh, matched_id FROM import_row_errors WHERE job_id = ${first.id} ORDER BY seq`);
    expect(reports.map((r) => [r.line, r.kind, r.code, r.column_name, r.value])).toEqual([
      [4, 'duplicate', 'duplicate_in_file', null, null],
      [5, 'rejected', 'invalid_phone', 'phone', '12345'],
    ]);
    const found = await listCustomers(t.db, t.admin, { phone: '13800138000' });
    expect(found.items).toHaveLength(1);
    expect(reports[0]!.matched_id).toBe(found.items[0]!.id);
    // Fill-empty: the first row's name and company stay; the duplicate's e-mail and group are added.
    const merged = found.items[0]!;
    expect(merged.name).toBe('王小明');
    expect(merged.company).toBe('西湖茶业');
    const [row] = await rowsOf<{ emails: { address: string }[]; groups: string[] }>(t.db, sql`
      SELECT emails, ARRAY(SELECT g.name FROM customer_groups cg JOIN groups g ON g.id = cg.group_id WHERE cg.customer_id = c.id ORDER BY g.name) AS groups
        FROM customers c WHERE id = ${merged.id}`);
    expect(row!.emails.map((e) => e.address)).toEqual(['wxm@example.com', 'wxm2@example.com']);
    expect(row!.groups).toEqual(['VIP', '普通用户']);

    // Found by search exactly like customers created by hand: name, pinyin, phone fragment, group.
    expect((await listCustomers(t.db, t.admin, { q: '小明' })).items.map((c) => c.id)).toEqual([merged.id]);
    expect((await listCustomers(t.db, t.admin, { q: 'lilei' })).items.map((c) => c.name)).toEqual(['李雷']);
    expect((await listCustomers(t.db, t.admin, { q: '0013 9000' })).items.map((c) => c.name)).toEqual(['李雷']);
    const vip = await rowsOf<{ id: string }>(t.db, sql`SELECT id FROM groups WHERE name = 'VIP'`);
    expect((await listCustomers(t.db, t.admin, { groupIds: [vip[0]!.id], sort: 'name' })).items.map((c) => c.name)).toEqual(['韩梅梅', '王小明']);

    const again = await importText(t.db, t.admin, FILE);
    expect(again.counts).toEqual({ created: 0, updated: 0, unchanged: 4, rejected: 1 });
    const total = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM customers`);
    expect(total[0]!.n).toBe(2 + 3); // the fixture's two customers and three imported
    const audits = await rowsOf<{ action: string }>(t.db, sql`SELECT action FROM audit_log WHERE entity = 'import_job' AND entity_id = ${first.id} ORDER BY id`);
    expect(audits.map((a) => a.action)).toEqual(['import.create', 'import.batch']);
  });

  it('create-only refuses rows matching existing customers and names the match; update-existing refuses unknown ones', async () => {
    const existing = await createCustomer(t.db, t.admin, { name: '老客户', phones: [{ number: '13600136000' }] });
    const text = 'name,phone\n新名字,136 0013 6000\n新客户,13700137000\n';
    const createOnly = await importText(t.db, t.admin, text, { mode: 'create-only' });
    expect(createOnly.counts).toEqual({ created: 1, updated: 0, unchanged: 0, rejected: 1 });
    const [dup] = await rowsOf<{ code: string; matched_id: string; line: number }>(t.db, sql`SELECT code, matched_id, line FROM import_row_errors WHERE job_id = ${createOnly.id}`);
    expect(dup).toEqual({ code: 'duplicate', matched_id: existing.id, line: 2 });

    const update = await importText(t.db, t.admin, 'name,phone,email\n老客户改名,13600136000,old@example.com\n陌生人,13500135000,\n', { mode: 'update-existing', mergePolicy: 'overwrite' });
    expect(update.counts).toEqual({ created: 0, updated: 1, unchanged: 0, rejected: 1 });
    const [after] = await rowsOf<{ name: string; version: number }>(t.db, sql`SELECT name, version FROM customers WHERE id = ${existing.id}`);
    expect(after).toEqual({ name: '老客户改名', version: 2 });
    const timeline = await rowsOf<{ kind: string; body_text: string }>(t.db, sql`SELECT kind, body_text FROM interactions WHERE customer_id = ${existing.id}`);
    expect(timeline).toHaveLength(1);
    expect(timeline[0]!.body_text).toContain('contacts.csv');
  });

  it('all-or-nothing imports nothing when any row is refused, and keeps the report', async () => {
    const before = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM customers`);
    const job = await importText(t.db, t.admin, FILE.replace(/王小明/g, '赵六').replace('13800138000', '13100131000').replace('138-0013-8000', '131-0013-1000'), { allOrNothing: true, batchSize: 2 });
    expect(job.status).toBe('rolled_back');
    expect(job.counts.rejected).toBe(1);
    const after = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM customers`);
    expect(after[0]!.n).toBe(before[0]!.n);
    const groups = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM import_row_errors WHERE job_id = ${job.id} AND kind = 'rejected'`);
    expect(groups[0]!.n).toBe(1);
  });

  it('stops between batches and resumes from the committed position to the same result', async () => {
    const lines = ['name,phone,email'];
    for (let i = 0; i < 50; i++) lines.push(`客户${i % 40},1590000${String(i % 40).padStart(4, '0')},c${i}@example.com`);
    const text = lines.join('\n');
    const controller = new AbortController();
    const job = await createImportJob(t.db, t.admin, { kind: 'customers', fileName: 'resume.csv', fileSha256: sha256(text), options: { batchSize: 7 } });
    const stopped = await runCustomerImport(t.db, t.admin, job.id, csvSource(text), mapSimpleRow, {
      signal: controller.signal,
      onProgress: (progress) => progress.rowsDone >= 21 && controller.abort(),
    });
    expect(stopped.status).toBe('running');
    expect(stopped.rowsDone).toBe(21);
    const resumed = await runCustomerImport(t.db, t.admin, job.id, csvSource(text), mapSimpleRow);
    expect(resumed.status).toBe('done');
    expect(resumed.rowsDone).toBe(50);
    expect(resumed.counts).toEqual({ created: 40, updated: 10, unchanged: 0, rejected: 0 });
    const dupes = await rowsOf<{ n: number }>(t.db, sql`SELECT count(*)::int AS n FROM (SELECT contact_keys FROM customers WHERE name LIKE '客户%' GROUP BY 1 HAVING count(*) > 1) d`);
    expect(dupes[0]!.n).toBe(0);
    const [mail] = await rowsOf<{ emails: { address: string }[] }>(t.db, sql`SELECT emails FROM customers WHERE name = '客户3'`);
    expect(mail!.emails.map((e) => e.address)).toEqual(['c3@example.com', 'c43@example.com']);
  });
});

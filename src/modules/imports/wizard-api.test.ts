import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { createCustomField } from '../custom-fields/create-custom-field.js';
import { createCustomer } from '../customers/create-customer.js';
import { useFixtureApp } from '../timeline/test-fixtures.js';
import { systemActor } from '../users/actor.js';
import { countImportRows } from './count-import-rows.js';
import { markDryRun } from './dry-run-marker.js';
import { startImport } from './start-import.js';

/** What the web import wizard and the list's export buttons need from the API, beyond the CLI's. */
const FIXTURES = 'test/fixtures/imports';
const CSV = '\uFEFF姓名,手机,邮箱\n向导一,13822223333,w1@example.com\n坏号码,123,\n向导一先生,138 2222 3333,W1B@example.com\n';

describe.each(testEngines())('import wizard API on %s', (engine) => {
  const t = useFixtureApp(engine);

  async function upload(body: string | Buffer, name: string) {
    const response = await t.app.inject({ method: 'POST', url: `/api/v1/imports/files?fileName=${encodeURIComponent(name)}`, headers: { ...t.admin, 'content-type': 'application/octet-stream' }, payload: body });
    expect(response.statusCode).toBe(201);
    return response.json() as { id: string };
  }
  const preview = (payload: Record<string, unknown>) => t.app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: t.admin, payload });
  const count = async () => Number(((await t.database.raw.query<{ n: number }>('SELECT count(*)::int AS n FROM customers'))[0]!).n);

  async function waitDone(id: string) {
    for (let i = 0; i < 300; i++) {
      const job = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: t.admin })).json();
      if (job.status !== 'pending' && job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('import did not finish');
  }

  it('previews a GBK file decoded, and garbled when the user forces UTF-8; lists an XLSX file\'s sheets and previews orders from the chosen one', async () => {
    const gbk = await upload(readFileSync(`${FIXTURES}/customers-excel-gbk.csv`), 'customers-excel-gbk.csv');
    const detected = (await preview({ kind: 'customers', fileId: gbk.id, limit: 3 })).json();
    expect(detected.encoding).toBe('gb18030');
    expect(detected.headers[0]).toBe('客户名称');
    expect(detected.rows[0].record).toMatchObject({ name: '张三', phones: [{ number: '+8613800138000' }], emails: ['zhangsan@example.com'] });
    const forced = await preview({ kind: 'customers', fileId: gbk.id, limit: 3, options: { encoding: 'utf-8' } });
    // Forced UTF-8 on GBK bytes: either refused naming the encoding, or not the Chinese header.
    if (forced.statusCode === 200) expect(forced.json().headers[0]).not.toBe('客户名称');
    else expect(forced.json().error.code).toMatch(/encoding/);

    const xlsx = await upload(readFileSync(`${FIXTURES}/customers-and-orders.xlsx`), 'customers-and-orders.xlsx');
    const first = (await preview({ kind: 'customers', fileId: xlsx.id, limit: 2 })).json();
    expect(first.sheets).toEqual(['客户', '订单']);
    expect(first.sheet).toBe('客户');
    const orders = (await preview({ kind: 'orders', fileId: xlsx.id, limit: 5, options: { sheet: '订单' } })).json();
    expect(orders.sheet).toBe('订单');
    expect(orders.mapping.map((m: { target: string }) => m.target)).toContain('amount');
    expect(orders.rows.some((row: { errors: { code: string }[] }) => row.errors.some((e) => e.code === 'customer_missing'))).toBe(true);
  });

  it('a dry run reports exact counts and the report, writes no customer, and resumes as a dry run', async () => {
    const file = await upload(CSV, 'wizard.csv');
    const before = await count();
    const started = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: t.admin, payload: { kind: 'customers', fileId: file.id, dryRun: true } });
    expect(started.statusCode).toBe(202);
    const job = await waitDone(started.json().id);
    expect(job.status).toBe('rolled_back');
    expect(job.counts).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 1 });
    expect(await count()).toBe(before);
    // Resuming a finished dry run does nothing; the job stays as it was.
    const resumed = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${job.id}/resume`, headers: t.admin });
    expect(resumed.statusCode).toBe(202);
    expect((await waitDone(job.id)).status).toBe('rolled_back');
    expect(await count()).toBe(before);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...t.admin, 'accept-language': 'en-US' }, payload: { kind: 'customers', fileId: file.id, dryRun: 'yes' } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('dryRun');
  });

  it('an interrupted dry run (a job started dry that never ran) resumes as a dry run and writes nothing', async () => {
    const file = await upload(CSV.replace(/向导一/g, '中断试运行'), 'interrupted.csv');
    const admin = { userId: t.adminId, role: 'admin' as const, regions: [] };
    const job = await startImport(t.database.db, admin, { kind: 'customers', fileId: file.id });
    await markDryRun(t.database.db, admin, job.id);
    const before = await count();
    const resumed = await t.app.inject({ method: 'POST', url: `/api/v1/imports/${job.id}/resume`, headers: t.admin });
    expect(resumed.statusCode).toBe(202);
    const done = await waitDone(job.id);
    expect(done.status).toBe('rolled_back');
    expect(done.counts).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 1 });
    expect(await count()).toBe(before);
  });

  it('counts a job\'s rows beside it (blank rows left out, as the job leaves them), so the job has a total and an ETA; single-transaction jobs are not counted', async () => {
    const lines = Array.from({ length: 1234 }, (_, i) => `计数${i},139${String(i).padStart(8, '0')},`);
    lines.splice(500, 0, ',,', '');
    const file = await upload(`姓名,手机,邮箱\n${lines.join('\n')}\n`, 'count.csv');
    const admin = { userId: t.adminId, role: 'admin' as const, regions: [] };
    const job = await startImport(t.database.db, admin, { kind: 'customers', fileId: file.id });
    expect(job.rowsTotal).toBeNull();
    expect(await countImportRows(t.database.db, admin, job.id)).toBe(1234);
    // As a running job with a rate, it reports the time left from that total.
    await t.database.raw.query("UPDATE import_jobs SET status = 'running', rows_done = 234, rows_per_second = 100 WHERE id = $1", [job.id]);
    const running = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}`, headers: t.admin })).json();
    expect([running.rowsTotal, running.etaSeconds]).toEqual([1234, 10]);
    await t.database.raw.query("UPDATE import_jobs SET status = 'failed' WHERE id = $1", [job.id]);

    const whole = await startImport(t.database.db, admin, { kind: 'customers', fileId: file.id, options: { allOrNothing: true } });
    expect(await countImportRows(t.database.db, admin, whole.id)).toBeNull();
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/imports/${whole.id}`, headers: t.admin })).json().rowsTotal).toBeNull();
  });

  it('pages the report as JSON: refused rows with reasons in both languages, duplicates with the customer they matched', async () => {
    const file = await upload(CSV, 'wizard-report.csv');
    const job = await waitDone((await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: t.admin, payload: { kind: 'customers', fileId: file.id } })).json().id);
    expect(job.counts).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 1 });
    const created = (await t.database.raw.query<{ id: string }>("SELECT id FROM customers WHERE name = '向导一'"))[0]!;

    const all = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/rows`, headers: t.admin })).json();
    expect(all.nextAfter).toBeNull();
    expect(all.items).toHaveLength(2);
    expect(all.items[0]).toMatchObject({ kind: 'rejected', line: 3, column: '手机', value: '123', code: 'phone_invalid', matched: null });
    expect(all.items[0].message['zh-CN']).toContain('手机');
    expect(all.items[0].message['en-US']).toContain('not a valid phone number');
    expect(all.items[1]).toMatchObject({ kind: 'duplicate', line: 4, code: 'duplicate_in_file', matched: { id: created.id, name: '向导一' } });

    const duplicates = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/rows?kind=duplicate`, headers: t.admin })).json();
    expect(duplicates.items.map((item: { line: number }) => item.line)).toEqual([4]);
    const firstPage = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/rows?limit=1`, headers: t.admin })).json();
    expect(firstPage.items.map((item: { line: number }) => item.line)).toEqual([3]);
    const secondPage = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/rows?limit=1&after=${firstPage.nextAfter}`, headers: t.admin })).json();
    expect(secondPage.items.map((item: { line: number }) => item.line)).toEqual([4]);
    // Staff cannot read an admin's job; a bad kind names the field.
    expect((await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/rows`, headers: t.staffHeaders })).statusCode).toBe(404);
    const bad = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/rows?kind=all`, headers: t.admin });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('kind');

    const report = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/report.csv`, headers: t.admin });
    expect(report.headers['content-disposition']).toContain(`filename*=UTF-8''${encodeURIComponent('wizard-report-导入报告.csv')}`);
  });

  it('exports with the customer list\'s own query names, custom-field filter included, under a Chinese file name', async () => {
    const db = t.database.db;
    await createCustomField(db, systemActor, { key: 'level', labelZh: '会员等级', labelEn: 'Level', type: 'select', options: ['金卡', '银卡'] });
    const admin = { userId: t.adminId, role: 'admin' as const, regions: [] };
    await createCustomer(db, admin, { name: '金卡甲', region: '华南', stage: 'current', tags: ['导出测试'], customFields: { level: '金卡' } });
    await createCustomer(db, admin, { name: '银卡乙', region: '华南', stage: 'current', tags: ['导出测试'], customFields: { level: '银卡' } });
    await createCustomer(db, admin, { name: '金卡丙', region: '华北', stage: 'potential', tags: ['导出测试'], customFields: { level: '金卡' } });

    const names = async (query: string) => {
      const response = await t.app.inject({ method: 'GET', url: `/api/v1/exports/customers.csv?${query}`, headers: t.admin });
      expect(response.statusCode).toBe(200);
      return response.body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[0]).sort();
    };
    const list = async (query: string) =>
      ((await t.app.inject({ method: 'GET', url: `/api/v1/customers?${query}&limit=500`, headers: t.admin })).json().items as { name: string }[]).map((c) => c.name).sort();

    const cf = `cf=${encodeURIComponent(JSON.stringify({ level: '金卡' }))}`;
    const tag = `tag=${encodeURIComponent('导出测试')}`;
    for (const query of [`${tag}&${cf}`, `${tag}&stage=current`, `${tag}&region=${encodeURIComponent('华南')}&${cf}`]) {
      expect(await names(query)).toEqual(await list(query));
    }
    expect(await names(`${tag}&${cf}`)).toEqual(['金卡丙', '金卡甲']);
    expect(await names(`${tag}&region=${encodeURIComponent('华南')}&${cf}`)).toEqual(['金卡甲']);

    const response = await t.app.inject({ method: 'GET', url: `/api/v1/exports/customers.xlsx?${tag}`, headers: t.admin });
    expect(response.headers['content-disposition']).toMatch(/^attachment; filename="customers-\d{4}-\d{2}-\d{2}\.xlsx"; filename\*=UTF-8''%E5%AE%A2%E6%88%B7-\d{4}-\d{2}-\d{2}\.xlsx$/);
    const orders = await t.app.inject({ method: 'GET', url: `/api/v1/exports/orders.csv?customerId=${t.east.id}`, headers: t.admin });
    expect(decodeURIComponent(orders.headers['content-disposition']!.split("UTF-8''")[1]!)).toMatch(/^订单-\d{4}-\d{2}-\d{2}\.csv$/);
    const badCf = await t.app.inject({ method: 'GET', url: '/api/v1/exports/customers.csv?cf=notjson', headers: t.admin });
    expect(badCf.statusCode).toBe(400);
  });

  it('exports with the analysis filters the list takes (value tier, RFM segment, risk level), never everyone when only those are set', async () => {
    const admin = { userId: t.adminId, role: 'admin' as const, regions: [] };
    const scored = [
      { name: '高价值流失', tier: 'top', segment: 'lost', risk: 'high' },
      { name: '低价值稳定', tier: 'bottom', segment: 'important_value', risk: 'low' },
    ];
    for (const customer of scored) {
      const created = await createCustomer(t.database.db, admin, { name: customer.name, tags: ['分析导出'] });
      await t.database.raw.query(
        `INSERT INTO customer_scores (customer_id, run_id, as_of, first_day, last_day, frequency, recency_days, tenure_days, revenue, margin, rfm_r, rfm_f, rfm_m,
           rfm_segment, value_tier, p_alive, expected_purchases_90d, expected_aov, clv, risk_score, risk_level)
         VALUES ($1, '01a20000-0000-7000-8000-000000000001', '2026-01-01', '2025-01-01', '2025-12-01', 3, 31, 365, 100, 20, 3, 3, 3, $2, $3, 0.5, 1, 30, 200, 0.5, $4)`,
        [created.id, customer.segment, customer.tier, customer.risk],
      );
    }
    const names = async (query: string) =>
      (await t.app.inject({ method: 'GET', url: `/api/v1/exports/customers.csv?${query}`, headers: t.admin })).body.replace(/^\uFEFF/, '').trim().split('\r\n').slice(1).map((line) => line.split(',')[0]).sort();
    const list = async (query: string) =>
      ((await t.app.inject({ method: 'GET', url: `/api/v1/customers?${query}&limit=500`, headers: t.admin })).json().items as { name: string }[]).map((c) => c.name).sort();
    for (const [query, expected] of [['valueTier=top', ['高价值流失']], ['riskLevel=low', ['低价值稳定']], ['rfmSegment=lost,important_value', ['低价值稳定', '高价值流失']]] as const) {
      expect(await names(query)).toEqual([...expected].sort());
      expect(await names(query)).toEqual(await list(query));
    }
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/exports/customers.csv?riskLevel=extreme', headers: t.admin });
    expect(bad.statusCode).toBe(400);
  });
});

import { describe, expect, it } from 'vitest';
import { testEngines } from '../src/db/test-support.js';
import { useFixtureApp } from '../src/modules/timeline/test-fixtures.js';

const CSV = '\uFEFF姓名,手机,邮箱,分组\n林一,13811112222,lin@example.com,API导入\n坏行,123,,\n林一先生,138 1111 2222,LIN2@example.com,\n';

describe.each(testEngines())('import and export API on %s', (engine) => {
  const t = useFixtureApp(engine);

  async function upload(body: string | Buffer, name = 'contacts.csv') {
    return t.app.inject({ method: 'POST', url: `/api/v1/imports/files?fileName=${encodeURIComponent(name)}`, headers: { ...t.admin, 'content-type': 'application/octet-stream' }, payload: body });
  }

  it('upload (raw body over the 2 MB JSON limit), preview, start, progress, report, and the same file again changes nothing', async () => {
    const padding = `${'\n'.repeat(3 * 1024 * 1024)}`;
    const uploaded = await upload(CSV + padding);
    expect(uploaded.statusCode).toBe(201);
    const file = uploaded.json();
    expect(file.size).toBe(Buffer.byteLength(CSV + padding));

    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: t.admin, payload: { kind: 'customers', fileId: file.id, limit: 5 } });
    expect(preview.statusCode).toBe(200);
    const shown = preview.json();
    expect(shown.mapping.map((m: { target: string }) => m.target)).toEqual(['name', 'phone', 'email', 'groups']);
    expect(shown.rows[0].record.phones).toEqual([{ number: '+8613811112222' }]);
    expect(shown.rows[1].errors[0]).toMatchObject({ line: 3, column: '手机', value: '123' });

    const started = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: t.admin, payload: { kind: 'customers', fileId: file.id } });
    expect(started.statusCode).toBe(202);
    const job = await waitDone(started.json().id);
    expect(job.counts).toEqual({ created: 1, updated: 1, unchanged: 0, rejected: 1 });

    const report = await t.app.inject({ method: 'GET', url: `/api/v1/imports/${job.id}/report.csv`, headers: t.admin });
    expect(report.statusCode).toBe(200);
    expect(report.headers['content-type']).toContain('text/csv');
    const lines = report.body.split('\r\n');
    expect(lines[0]!.charCodeAt(0)).toBe(0xfeff);
    expect(lines[1]).toMatch(/^3,手机,123,/);
    expect(lines[2]).toMatch(/^4,,,.*duplicate_in_file/);

    const again = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: t.admin, payload: { kind: 'customers', fileId: file.id } });
    expect((await waitDone(again.json().id)).counts).toEqual({ created: 0, updated: 0, unchanged: 2, rejected: 1 });
  });

  it('refuses bad options with the field named in both languages, and unknown files', async () => {
    const file = (await upload(CSV)).json();
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/imports', headers: { ...t.admin, 'accept-language': 'zh-CN' }, payload: { kind: 'customers', fileId: file.id, options: { mode: 'replace-all' } } });
    expect(bad.statusCode).toBe(400);
    expect(JSON.stringify(bad.json())).toContain('options.mode');
    const missing = await t.app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: t.admin, payload: { kind: 'customers', fileId: '01a20000-0000-7000-8000-000000000000' } });
    expect(missing.statusCode).toBe(404);
    const other = await t.app.inject({ method: 'POST', url: '/api/v1/imports/preview', headers: t.staffHeaders, payload: { kind: 'customers', fileId: file.id } });
    expect(other.statusCode).toBe(404); // staff cannot read an admin's upload
    const json = await t.app.inject({ method: 'POST', url: '/api/v1/imports/files?fileName=a.csv', headers: t.admin, payload: { rows: [] } });
    expect(json.statusCode).toBe(415);
  });

  it('saves, lists and deletes mapping presets', async () => {
    const saved = await t.app.inject({ method: 'PUT', url: '/api/v1/import-presets', headers: t.admin, payload: { kind: 'customers', name: '手机通讯录', mapping: [{ column: 0, header: '姓名', target: 'name' }] } });
    expect(saved.statusCode).toBe(200);
    const again = await t.app.inject({ method: 'PUT', url: '/api/v1/import-presets', headers: t.admin, payload: { kind: 'customers', name: '手机通讯录', mapping: [{ column: 1, header: 'Name', target: 'name' }] } });
    expect(again.json().id).toBe(saved.json().id);
    const list = await t.app.inject({ method: 'GET', url: '/api/v1/import-presets?kind=customers', headers: t.admin });
    expect(list.json().items.map((p: { name: string; mapping: { header: string }[] }) => [p.name, p.mapping[0]!.header])).toEqual([['手机通讯录', 'Name']]);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/import-presets/${saved.json().id}`, headers: t.admin })).statusCode).toBe(204);
  });

  it('exports a filtered list; staff get only their customers', async () => {
    const all = await t.app.inject({ method: 'GET', url: '/api/v1/exports/customers.csv?sort=name', headers: t.admin });
    expect(all.statusCode).toBe(200);
    expect(all.headers['content-disposition']).toMatch(/attachment; filename="customers-\d{4}-\d{2}-\d{2}\.csv"/);
    expect(all.body).toContain('周杰');
    const staff = await t.app.inject({ method: 'GET', url: '/api/v1/exports/customers.csv', headers: t.staffHeaders });
    expect(staff.body).toContain('张伟');
    expect(staff.body).not.toContain('周杰');
    const filtered = await t.app.inject({ method: 'GET', url: `/api/v1/exports/customers.vcf?q=${encodeURIComponent('张伟')}`, headers: t.admin });
    expect(filtered.body.match(/BEGIN:VCARD/g)).toHaveLength(1);
    const badStage = await t.app.inject({ method: 'GET', url: '/api/v1/exports/customers.csv?stages=sleeping', headers: t.admin });
    expect(badStage.statusCode).toBe(400);
  });

  async function waitDone(id: string) {
    for (let i = 0; i < 200; i++) {
      const job = (await t.app.inject({ method: 'GET', url: `/api/v1/imports/${id}`, headers: t.admin })).json();
      if (job.status !== 'pending' && job.status !== 'running') return job;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    throw new Error('import did not finish');
  }
});

import { describe, expect, it } from 'vitest';
import { testEngines } from '../../../db/test-support.js';
import { fieldCodes, useFixtureApp } from '../../timeline/test-fixtures.js';
import { claimAndRunAnalysis } from './run-analysis.js';

/**
 * The pipeline's HTTP API with the timeline fixture: a staff member who looks after 华东 sees
 * `east` (and the customers added in 华东 here) but not `north`.
 */
describe.each(testEngines())('analytics pipeline HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);

  const post = (url: string, headers: Record<string, string>, payload: unknown) => t.app.inject({ method: 'POST', url, headers, payload: payload as object });
  const get = (url: string, headers: Record<string, string>) => t.app.inject({ url, headers });

  it('queues a run (managers only), runs it, and serves runs, CLV, the churn list and report, scores and history within scope', async () => {
    // Before any run: empty states.
    expect((await get('/api/v1/analytics/clv', t.managerHeaders)).json()).toMatchObject({ runId: null, customers: 0, distribution: [] });
    expect((await get(`/api/v1/customers/${t.east.id}/scores`, t.managerHeaders)).statusCode).toBe(404);

    // east: bought three times, the last long ago, and complained after the last call.
    for (const [customer, day, amount] of [[t.east.id, '2023-01-10', '300'], [t.east.id, '2023-03-10', '250'], [t.east.id, '2023-05-10', '280'],
      [t.north.id, '2024-03-01', '90'], [t.north.id, '2024-05-20', '110'], [t.north.id, '2024-06-25', '100']] as const) {
      const created = await post(`/api/v1/customers/${customer}/orders`, t.managerHeaders, { orderedAt: `${day}T04:00:00Z`, amount });
      expect(created.statusCode).toBe(201);
    }
    expect((await post(`/api/v1/customers/${t.east.id}/interactions`, t.managerHeaders, { kind: 'complaint', occurredAt: '2024-06-01T04:00:00Z', bodyHtml: '<p>质量问题</p>' })).statusCode).toBe(201);
    // More buyers so the models have something to fit: in 华东, seen by the staff member.
    for (let i = 0; i < 12; i++) {
      const created = (await post('/api/v1/customers', t.managerHeaders, { name: `客户${i}`, region: i % 2 ? '华东' : '华北' })).json();
      for (let k = 0; k <= i % 4; k++) {
        await post(`/api/v1/customers/${created.id}/orders`, t.managerHeaders, { orderedAt: `2024-0${1 + k + (i % 3)}-1${i % 9}T04:00:00Z`, amount: String(50 + i * 10 + k) });
      }
    }

    const refused = await post('/api/v1/analytics/runs', t.staffHeaders, { asOf: '2024-07-01' });
    expect(refused.statusCode).toBe(403);
    const queued = await post('/api/v1/analytics/runs', t.managerHeaders, { asOf: '2024-07-01' });
    expect(queued.statusCode).toBe(202);
    expect(queued.json()).toMatchObject({ asOf: '2024-07-01', status: 'queued', progress: { step: 'queued' }, finishedAt: null, error: null });
    // The same day again while queued: the same run.
    expect((await post('/api/v1/analytics/runs', t.managerHeaders, { asOf: '2024-07-01' })).json().id).toBe(queued.json().id);

    const ran = await claimAndRunAnalysis(t.database);
    expect(ran).toMatchObject({ id: queued.json().id, status: 'done' });
    const run = (await get(`/api/v1/analytics/runs/${queued.json().id}`, t.managerHeaders)).json();
    expect(run).toMatchObject({ status: 'done', progress: { step: 'done', done: 7, total: 7 }, totals: { buyers: 14, concentration: { buyers: 14 } } });
    // The company-wide snapshot is not for staff.
    expect((await get(`/api/v1/analytics/runs/${queued.json().id}`, t.staffHeaders)).json()).toMatchObject({ status: 'done', totals: null });
    const runs = (await get('/api/v1/analytics/runs?limit=1', t.managerHeaders)).json();
    expect(runs.items.map((item: { id: string }) => item.id)).toEqual([queued.json().id]);
    expect(runs.nextCursor).toBeNull();

    const managerClv = (await get('/api/v1/analytics/clv', t.managerHeaders)).json();
    const staffClv = (await get('/api/v1/analytics/clv', t.staffHeaders)).json();
    expect(managerClv).toMatchObject({ asOf: '2024-07-01', runId: queued.json().id, horizonMonths: 12, discountRate: 0.1, customers: 14 });
    expect(staffClv.customers).toBe(7); // east + six 华东 customers
    expect(managerClv.distribution.reduce((sum: number, bucket: { customers: number }) => sum + bucket.customers, 0)).toBe(14);
    expect(Object.keys(managerClv.fits)).toEqual(['bgNbd', 'gammaGamma', 'paretoNbd']);
    expect(managerClv.holdoutDays).toBe(90);
    // 14 buyers: BG/NBD may not be identified; then the fallback is used and there is no in-sample check.
    expect(managerClv.frequencyCheck.length > 0).toBe(managerClv.purchaseModel === 'bgnbd');

    // The churn list: every level, one per page, in risk order; the staff member never sees north.
    const seen: { customerId: string; riskScore: number; reasons: { code: string; label: string; detail: string }[] }[] = [];
    let cursor: string | null = null;
    do {
      const page: { items: typeof seen; nextCursor: string | null; total: number } = (await get(`/api/v1/analytics/churn-risk?level=high,medium,low&limit=1${cursor ? `&cursor=${cursor}` : ''}`, { ...t.staffHeaders, 'accept-language': 'en-US' })).json();
      expect(page.total).toBe(7);
      seen.push(...page.items);
      cursor = page.nextCursor;
    } while (cursor);
    expect(seen).toHaveLength(7);
    expect(seen.some((item) => item.customerId === t.north.id)).toBe(false);
    expect(seen.map((item) => item.riskScore)).toEqual([...seen.map((item) => item.riskScore)].sort((a, b) => b - a));
    const east = seen.find((item) => item.customerId === t.east.id)!;
    expect(east.reasons.map((reason) => reason.code)).toEqual(expect.arrayContaining(['no_contact', 'open_complaint']));
    expect(east.reasons.find((reason) => reason.code === 'open_complaint')).toMatchObject({ label: 'Open complaint', detail: 'no contact since a complaint on 2024-06-01' });
    const zh = (await get(`/api/v1/customers/${t.east.id}/scores`, t.staffHeaders)).json();
    expect(zh.reasons.find((reason: { code: string }) => reason.code === 'open_complaint').label).toBe('投诉未跟进');
    expect(zh).toMatchObject({ asOf: '2024-07-01', rfm: { segment: expect.any(String) }, valueTier: expect.stringMatching(/top|middle|bottom/) });
    expect(zh.pAliveChange).toBeNull();

    // Scores and history: east for the staff member, north only for the manager.
    expect((await get(`/api/v1/customers/${t.north.id}/scores`, t.staffHeaders)).statusCode).toBe(404);
    expect((await get(`/api/v1/customers/${t.north.id}/risk-history`, t.staffHeaders)).statusCode).toBe(404);
    expect((await get(`/api/v1/customers/${t.north.id}/scores`, t.managerHeaders)).statusCode).toBe(200);
    const historyItems = (await get(`/api/v1/customers/${t.east.id}/risk-history`, t.staffHeaders)).json().items;
    expect(historyItems).toEqual([expect.objectContaining({ asOf: '2024-07-01', riskLevel: zh.riskLevel, pAlive: zh.pAlive })]);

    // Reports, each way.
    for (const by of ['segment', 'region', 'owner', 'month', 'reason']) {
      const report = await get(`/api/v1/analytics/churn-report?by=${by}`, t.managerHeaders);
      expect(report.statusCode, by).toBe(200);
      const rows = report.json().rows as { key: string; customers: number; churned: number }[];
      if (by !== 'reason') expect(rows.reduce((sum, row) => sum + row.customers, 0), by).toBe(14);
    }
    const byRegion = (await get('/api/v1/analytics/churn-report?by=region', t.staffHeaders)).json().rows;
    expect(byRegion.map((row: { key: string }) => row.key)).toEqual(['华东']);

    // List filters on GET /customers, within scope.
    const level = zh.riskLevel as string;
    const filtered = (await get(`/api/v1/customers?riskLevel=${level}&valueTier=${zh.valueTier}&rfmSegment=${zh.rfm.segment}`, t.staffHeaders)).json();
    expect(filtered.items.map((item: { id: string }) => item.id)).toContain(t.east.id);
    const managerAll = (await get(`/api/v1/customers?riskLevel=high,medium,low&limit=100`, t.managerHeaders)).json();
    expect(managerAll.total).toBe(14);
    const none = (await get('/api/v1/customers?rfmSegment=no_such_segment', t.managerHeaders)).json();
    expect(none.total).toBe(0);
  });

  it('refuses bad parameters with the field named', async () => {
    const headers = { ...t.managerHeaders, 'accept-language': 'en-US' };
    const badLevel = await get('/api/v1/analytics/churn-risk?level=bogus', headers);
    expect(badLevel.statusCode).toBe(400);
    expect(Object.keys(fieldCodes(badLevel.json()))).toEqual(['levels.0']);
    const badBy = await get('/api/v1/analytics/churn-report?by=planet', headers);
    expect(badBy.statusCode).toBe(400);
    expect(Object.keys(fieldCodes(badBy.json()))).toEqual(['querystring.by']);
    const badDay = await post('/api/v1/analytics/runs', headers, { asOf: '2024-02-30' });
    expect(badDay.statusCode).toBe(400);
    expect(Object.keys(fieldCodes(badDay.json()))).toEqual([expect.stringMatching(/asOf$/)]);
    const badCursor = await get('/api/v1/analytics/churn-risk?cursor=xyz', headers);
    expect(badCursor.statusCode).toBe(400);
    expect((await get('/api/v1/customers?riskLevel=extreme', headers)).statusCode).toBe(400);
    expect((await get('/api/v1/analytics/runs/00000000-0000-4000-8000-000000000000', headers)).statusCode).toBe(404);
  });
});

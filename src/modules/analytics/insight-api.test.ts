import { sql } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { fieldCodes, useFixtureApp } from '../timeline/test-fixtures.js';

describe.each(testEngines())('insight HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);

  it('records and lists survey answers within the caller\'s scope, audited; refuses bad scores in zh and en', async () => {
    const url = `/api/v1/customers/${t.east.id}/feedback`;
    const created = await t.app.inject({ method: 'POST', url, headers: t.staffHeaders, payload: { kind: 'nps', score: 9, comment: '服务很好', surveyedAt: '2024-05-01T10:00:00+08:00' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ customerId: t.east.id, kind: 'nps', score: 9, comment: '服务很好', surveyedAt: '2024-05-01T02:00:00.000Z', recordedByName: '小李' });
    await t.app.inject({ method: 'POST', url, headers: t.staffHeaders, payload: { kind: 'satisfaction', score: 2 } });
    const list = (await t.app.inject({ url, headers: t.staffHeaders })).json() as { items: { kind: string; score: number }[] };
    expect(list.items.map((item) => [item.kind, item.score])).toEqual([['satisfaction', 2], ['nps', 9]]);
    const audit = (await t.database.db.execute(sql`SELECT count(*)::int AS n FROM audit_log WHERE action = 'feedback.create' AND customer_id = ${t.east.id}`)) as unknown as { rows: { n: number }[] };
    expect(audit.rows[0]!.n).toBe(2);

    const en = await t.app.inject({ method: 'POST', url, headers: { ...t.staffHeaders, 'accept-language': 'en-US' }, payload: { kind: 'satisfaction', score: 6 } });
    expect(en.statusCode).toBe(400);
    // A cross-field rule is reported at the field it is about (as the investments' hours rule is).
    expect(fieldCodes(en.json())).toEqual({ score: 'custom' });
    expect(JSON.stringify(en.json())).toContain('from 1 to 5 for satisfaction');
    const zh = await t.app.inject({ method: 'POST', url, headers: { ...t.staffHeaders, 'accept-language': 'zh-CN' }, payload: { kind: 'nps', score: 11 } });
    expect(zh.statusCode).toBe(400);
    expect(JSON.stringify(zh.json())).toContain('NPS 评分为 0 到 10 的整数');
    const unknownKind = await t.app.inject({ method: 'POST', url, headers: t.staffHeaders, payload: { kind: 'ces', score: 3 } });
    expect(Object.keys(fieldCodes(unknownKind.json()))).toEqual(['kind']);
    // The staff member does not see `north`.
    const hidden = await t.app.inject({ method: 'POST', url: `/api/v1/customers/${t.north.id}/feedback`, headers: t.staffHeaders, payload: { kind: 'nps', score: 5 } });
    expect(hidden.statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/customers/${t.north.id}/feedback`, headers: t.staffHeaders })).statusCode).toBe(404);
  });

  it('answers C3 segments with overridable thresholds, and names bad ones', async () => {
    await t.app.inject({ method: 'POST', url: `/api/v1/customers/${t.east.id}/orders`, headers: t.staffHeaders, payload: { orderedAt: '2024-01-01T04:00:00Z', amount: '100' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/customers/${t.east.id}/orders`, headers: t.staffHeaders, payload: { orderedAt: '2024-03-01T04:00:00Z', amount: '50' } });
    const response = await t.app.inject({ url: '/api/v1/analytics/c3?asOf=2024-06-01&satisfactionPositiveMin=2&valueTopShare=0.5', headers: { ...t.staffHeaders, 'accept-language': 'en-US' } });
    expect(response.statusCode).toBe(200);
    const body = response.json() as { thresholds: Record<string, unknown>; segments: { code: string; customers: number; label: string }[] };
    expect(body.thresholds).toMatchObject({ satisfactionPositiveMin: 2, valueTopShare: 0.5 });
    // east: NPS 9 before asOf (the satisfaction answer was recorded today, after asOf: not counted) → positive;
    // 2 purchase days in the 12 months → loyal; the only buyer → high value.
    expect(body.segments.filter((segment) => segment.customers > 0).map((segment) => [segment.code, segment.customers, segment.label]))
      .toEqual([['positive_loyal_high', 1, 'Truly loyal, high value']]);
    const bad = await t.app.inject({ url: '/api/v1/analytics/c3?npsPositiveMin=12&unknownAttitude=maybe', headers: t.managerHeaders });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(fieldCodes(bad.json())).sort()).toEqual(['querystring.npsPositiveMin', 'querystring.unknownAttitude']);
  });

  it('answers the manager view KPIs with a forecast; teams are set through PATCH /users/:id (admins only)', async () => {
    const users = (await t.app.inject({ url: '/api/v1/users', headers: t.admin })).json() as { items: { id: string; username: string; team: string | null }[] };
    const staffUser = users.items.find((user) => user.username === 'xiaoli')!;
    expect(staffUser.team).toBeNull();
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${staffUser.id}`, headers: t.staffHeaders, payload: { team: '一组' } })).statusCode).toBe(403);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/users/${staffUser.id}`, headers: t.admin, payload: { team: '一组' } });
    expect(patched.statusCode).toBe(200);
    expect(patched.json().team).toBe('一组');
    await t.database.db.execute(sql`UPDATE customers SET owner_id = ${staffUser.id} WHERE id = ${t.east.id}`);

    const response = await t.app.inject({ url: '/api/v1/analytics/kpis?by=team&from=2024-01-01&to=2024-03-31&period=quarter', headers: { ...t.managerHeaders, 'accept-language': 'en-US' } });
    expect(response.statusCode).toBe(200);
    const body = response.json();
    expect(body.periods).toEqual([{ key: '2024-Q1', from: '2024-01-01', to: '2024-04-01' }]);
    const team = body.rows.find((row: { key: string }) => row.key === '一组');
    expect(team).toMatchObject({ label: '一组', period: '2024-Q1', activeCustomers: 1, newCustomers: 1, churnedCustomers: 0, revenue: '150.00', renewalRate: null });
    expect(body.rows.find((row: { key: string }) => row.key === '').label).toBe('No team');
    expect(body.forecast).toMatchObject({ nextQuarter: '2024-Q2', from: '2024-04-01', asOf: '2024-04-01', customers: 1 });
    expect(Number(body.forecast.low)).toBeLessThanOrEqual(Number(body.forecast.revenue));
    expect(body.unavailable.map((entry: { field: string }) => entry.field)).toContain('renewalRate');

    const bad = await t.app.inject({ url: '/api/v1/analytics/kpis?by=city&period=week', headers: t.managerHeaders });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(fieldCodes(bad.json())).sort()).toEqual(['querystring.by', 'querystring.period']);
  });
});

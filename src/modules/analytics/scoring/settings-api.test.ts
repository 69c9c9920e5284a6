import { eq } from 'drizzle-orm';
import { describe, expect, it } from 'vitest';
import { testEngines } from '../../../db/test-support.js';
import { auditLog } from '../../audit/schema.js';
import { fieldCodes, useFixtureApp } from '../../timeline/test-fixtures.js';
import { claimAndRunAnalysis } from './run-analysis.js';
import { getScoringSettings, SCORING_DEFAULTS, SCORING_SETTINGS_KEY } from './scoring-settings.js';

type Field = { path: string; code: string; message: string };
const fieldsOf = (body: { error: { details?: unknown } }) => (body.error.details as { fields: Field[] }).fields;

/**
 * GET/PUT /analytics/settings with the timeline fixture: a manager changes the thresholds,
 * a staff member may only read them, bad input names the field in both languages and
 * changes nothing, and the next analysis run uses what was saved.
 */
describe.each(testEngines())('analysis settings HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);
  const url = '/api/v1/analytics/settings';
  const get = (headers: Record<string, string>) => t.app.inject({ url, headers });
  const put = (headers: Record<string, string>, payload: unknown) => t.app.inject({ method: 'PUT', url, headers, payload: payload as object });

  it('serves the defaults to anyone signed in before anything is saved', async () => {
    const read = await get(t.staffHeaders);
    expect(read.statusCode).toBe(200);
    expect(read.json()).toEqual({ values: SCORING_DEFAULTS, defaults: SCORING_DEFAULTS, updatedAt: null });
    expect(read.json().values).toMatchObject({ pAliveThreshold: 0.3, highRisk: 0.7, mediumRisk: 0.4, noContactDays: 90 });
    expect((await t.app.inject({ url })).statusCode).toBe(401);
  });

  it('changes some fields, keeps the others, and writes an audit row', async () => {
    const saved = await put(t.managerHeaders, { pAliveThreshold: 0.45, noContactDays: 60 });
    expect(saved.statusCode).toBe(200);
    expect(saved.json().values).toEqual({ ...SCORING_DEFAULTS, pAliveThreshold: 0.45, noContactDays: 60 });
    expect(saved.json().defaults).toEqual(SCORING_DEFAULTS);
    expect(saved.json().updatedAt).toEqual(expect.any(String));
    // A second change of another field keeps the first.
    expect((await put(t.admin, { highRisk: 0.8 })).json().values).toEqual({ ...SCORING_DEFAULTS, pAliveThreshold: 0.45, noContactDays: 60, highRisk: 0.8 });
    expect((await get(t.staffHeaders)).json().values).toMatchObject({ pAliveThreshold: 0.45, noContactDays: 60, highRisk: 0.8 });
    const audit = await t.database.db.select().from(auditLog).where(eq(auditLog.entityId, SCORING_SETTINGS_KEY));
    expect(audit.map((row) => [row.action, row.data])).toEqual([
      ['settings.update', { changes: { pAliveThreshold: { from: 0.3, to: 0.45 }, noContactDays: { from: 90, to: 60 } } }],
      ['settings.update', { changes: { highRisk: { from: 0.7, to: 0.8 } } }],
    ]);
    // A full object back to the defaults: nothing is kept but the defaults.
    expect((await put(t.managerHeaders, SCORING_DEFAULTS)).json().values).toEqual(SCORING_DEFAULTS);
    expect(await getScoringSettings(t.database.db)).toEqual(SCORING_DEFAULTS);
  });

  it('refuses bad values naming the field and the reason in Chinese and English, and changes nothing', async () => {
    await put(t.managerHeaders, { pAliveThreshold: 0.25 });
    const before = (await get(t.managerHeaders)).json();
    const bad = { pAliveThreshold: 1.5, noContactDays: 'ninety', horizonMonths: 2.5, lostAfterDays: 0, planet: 'Mars' };
    const en = await put({ ...t.managerHeaders, 'accept-language': 'en-US' }, bad);
    expect(en.statusCode).toBe(400);
    expect(fieldCodes(en.json())).toEqual({ pAliveThreshold: 'too_big', noContactDays: 'invalid_type', horizonMonths: 'invalid_type', lostAfterDays: 'too_small', planet: 'unrecognized_keys' });
    const enMessages = Object.fromEntries(fieldsOf(en.json()).map((field) => [field.path, field.message]));
    expect(enMessages).toMatchObject({ pAliveThreshold: 'must be at most 1', lostAfterDays: 'must be at least 1', planet: 'is not a known field' });
    expect(en.json().error.message).toContain('pAliveThreshold');
    const zh = await put(t.managerHeaders, bad);
    const zhMessages = Object.fromEntries(fieldsOf(zh.json()).map((field) => [field.path, field.message]));
    expect(zhMessages).toMatchObject({ pAliveThreshold: '不能大于 1', lostAfterDays: '不能小于 1', planet: '未知字段' });
    expect(zh.json().error.message).toMatch(/^输入有误：/);
    // One good field next to a bad one is not saved either.
    expect((await put(t.managerHeaders, { noContactDays: 30, spendDrop: -0.1 })).statusCode).toBe(400);
    expect((await get(t.managerHeaders)).json()).toEqual(before);
  });

  it('refuses mediumRisk at or above highRisk, naming the field that was changed', async () => {
    const before = (await get(t.managerHeaders)).json();
    const medium = await put({ ...t.managerHeaders, 'accept-language': 'en-US' }, { mediumRisk: 0.7 });
    expect(medium.statusCode).toBe(400);
    expect(fieldsOf(medium.json())).toEqual([{ path: 'mediumRisk', code: 'risk_order', message: 'must be less than highRisk (0.7)' }]);
    const both = await put(t.managerHeaders, { mediumRisk: 0.6, highRisk: 0.5 });
    expect(fieldsOf(both.json())).toEqual([{ path: 'mediumRisk', code: 'risk_order', message: '必须小于高风险阈值（0.5）' }]);
    // Only highRisk sent, now below the stored mediumRisk: highRisk is the field to fix.
    const high = await put(t.managerHeaders, { highRisk: 0.3 });
    expect(fieldsOf(high.json())).toEqual([{ path: 'highRisk', code: 'risk_order', message: '必须大于中风险阈值（0.4）' }]);
    expect((await get(t.managerHeaders)).json()).toEqual(before);
    // Both moved together in a valid order is fine.
    expect((await put(t.managerHeaders, { mediumRisk: 0.2, highRisk: 0.3 })).json().values).toMatchObject({ mediumRisk: 0.2, highRisk: 0.3 });
  });

  it('is documented in the OpenAPI document', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    const path = doc.paths['/api/v1/analytics/settings'];
    expect(path.get.tags).toEqual(['analytics']);
    const body = path.put.requestBody.content['application/json'].schema;
    expect(body.properties.mediumRisk).toMatchObject({ type: 'number', minimum: 0, maximum: 1 });
    expect(body.required ?? []).toEqual([]);
    expect(Object.keys(path.put.responses)).toEqual(expect.arrayContaining(['200', '400', '403']));
  });

  it('lets staff read but not change the settings', async () => {
    const before = (await get(t.staffHeaders)).json();
    const refused = await put(t.staffHeaders, { pAliveThreshold: 0.5 });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().error.code).toBe('forbidden');
    expect((await get(t.staffHeaders)).json()).toEqual(before);
  });

  it('is what the next analysis run uses', async () => {
    const post = (path: string, payload: unknown) => t.app.inject({ method: 'POST', url: `/api/v1${path}`, headers: t.managerHeaders, payload: payload as object });
    for (let i = 0; i < 12; i++) {
      const customer = (await post('/customers', { name: `阈值客户${i}`, region: '华东' })).json();
      for (let k = 0; k <= i % 4; k++) {
        expect((await post(`/customers/${customer.id}/orders`, { orderedAt: `2024-0${1 + k + (i % 3)}-1${i % 9}T04:00:00Z`, amount: String(50 + i * 10 + k) })).statusCode).toBe(201);
      }
    }
    // Low thresholds: every customer with some risk is high, and P(alive) below 0.99 is a reason.
    const thresholds = { pAliveThreshold: 0.99, mediumRisk: 0.01, highRisk: 0.02 };
    expect((await put(t.managerHeaders, thresholds)).statusCode).toBe(200);
    expect(await getScoringSettings(t.database.db)).toMatchObject(thresholds);

    const queued = (await post('/analytics/runs', { asOf: '2024-07-01' })).json();
    expect(await claimAndRunAnalysis(t.database)).toMatchObject({ id: queued.id, status: 'done' });
    const run = (await t.app.inject({ url: `/api/v1/analytics/runs/${queued.id}`, headers: t.managerHeaders })).json();
    expect(run.status).toBe('done');
    const list = (await t.app.inject({ url: '/api/v1/analytics/churn-risk?level=high,medium,low&limit=100', headers: t.managerHeaders })).json();
    type Item = { riskScore: number; riskLevel: string; pAlive: number; reasons: { code: string }[] };
    const items = list.items as Item[];
    expect(items.length).toBe(12);
    for (const item of items) {
      expect(item.riskLevel).toBe(item.riskScore >= 0.02 ? 'high' : item.riskScore >= 0.01 ? 'medium' : 'low');
      expect(item.reasons.some((reason) => reason.code === 'p_alive_low')).toBe(item.pAlive < 0.99);
    }
    // Under the defaults some of these would not be high, and P(alive) ≥ 0.3 would not be a reason.
    expect(items.some((item) => item.riskLevel === 'high' && item.riskScore < SCORING_DEFAULTS.highRisk)).toBe(true);
    expect(items.some((item) => item.pAlive >= 0.3 && item.reasons.some((reason) => reason.code === 'p_alive_low'))).toBe(true);
  });
});

import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { fieldCodes, useFixtureApp } from '../timeline/test-fixtures.js';

describe.each(testEngines())('analytics HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);

  it("answers a customer's summary and the value analyses, within the caller's scope", async () => {
    const orders = `/api/v1/customers/${t.east.id}/orders`;
    await t.app.inject({ method: 'POST', url: orders, headers: t.staffHeaders, payload: { orderedAt: '2024-01-01T04:00:00Z', amount: '100.10', cost: '60' } });
    await t.app.inject({ method: 'POST', url: orders, headers: t.staffHeaders, payload: { orderedAt: '2024-03-01T04:00:00Z', amount: '50', cost: '20' } });
    await t.app.inject({ method: 'POST', url: `/api/v1/customers/${t.north.id}/orders`, headers: t.managerHeaders, payload: { orderedAt: '2024-02-01T04:00:00Z', amount: '10' } });

    const summary = await t.app.inject({ url: `/api/v1/customers/${t.east.id}/summary?asOf=2024-04-01`, headers: t.staffHeaders });
    expect(summary.statusCode).toBe(200);
    expect(summary.json()).toMatchObject({ frequency: 1, recencyDays: 60, tenureDays: 90, orders: 2, revenue: '150.10', cost: '80.00', margin: '70.10', repeatValue: '50.00' });

    // The staff member does not see `north`: neither its summary nor its value in the analyses.
    expect((await t.app.inject({ url: `/api/v1/customers/${t.north.id}/summary`, headers: t.staffHeaders })).statusCode).toBe(404);
    const staffRfm = (await t.app.inject({ url: '/api/v1/analytics/rfm?asOf=2024-04-01', headers: t.staffHeaders })).json();
    const managerRfm = (await t.app.inject({ url: '/api/v1/analytics/rfm?asOf=2024-04-01&lostAfterDays=30', headers: t.managerHeaders })).json();
    expect(staffRfm.buyers).toBe(1);
    expect(managerRfm.buyers).toBe(2);
    // north last bought on 2024-02-01, 60 days before the last day counted: lost after 30.
    expect(managerRfm.segments.find((segment: { key: string }) => segment.key === 'lost').customers).toBe(1);

    const concentration = (await t.app.inject({ url: '/api/v1/analytics/concentration?asOf=2024-04-01', headers: t.managerHeaders })).json();
    expect(concentration).toMatchObject({ buyers: 2, revenue: '160.10', profit: '80.10' });
    expect(concentration.lorenz).toHaveLength(101);

    const cohorts = (await t.app.inject({ url: '/api/v1/analytics/cohorts?asOf=2024-04-01&months=6', headers: t.managerHeaders })).json();
    expect(cohorts.cohorts.map((cohort: { month: string; size: number }) => [cohort.month, cohort.size])).toEqual([['2024-01', 1], ['2024-02', 1]]);
  });

  it('refuses malformed parameters with the field named', async () => {
    const bad = await t.app.inject({ url: '/api/v1/analytics/rfm?asOf=2024-02-30&lostAfterDays=0', headers: { ...t.managerHeaders, 'accept-language': 'en-US' } });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(fieldCodes(bad.json())).sort()).toEqual(['querystring.asOf', 'querystring.lostAfterDays']);
    const unknown = await t.app.inject({ url: '/api/v1/analytics/cohorts?month=3', headers: t.managerHeaders });
    expect(unknown.statusCode).toBe(400);
  });
});

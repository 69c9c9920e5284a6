import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { fieldCodes, useFixtureApp } from '../timeline/test-fixtures.js';
import { investments, orders } from './schema.js';

describe.each(testEngines())('orders HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);

  it('records orders, totals them exactly, refuses a repeated external id and deletes', async () => {
    const url = `/api/v1/customers/${t.east.id}/orders`;
    const first = await t.app.inject({ method: 'POST', url, headers: t.staffHeaders, payload: { orderedAt: '2024-01-01T00:00:00Z', amount: '0.1', externalId: 'A-1' } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({ amount: '0.10', currency: 'CNY', items: [], externalId: 'A-1' });
    await t.app.inject({ method: 'POST', url, headers: t.staffHeaders, payload: { orderedAt: '2024-01-02T00:00:00Z', amount: '0.2', cost: '0.15', currency: 'CNY' } });
    const repeat = await t.app.inject({ method: 'POST', url, headers: { ...t.staffHeaders, 'accept-language': 'en-US' }, payload: { orderedAt: '2024-01-03T00:00:00Z', amount: '5', externalId: 'A-1' } });
    expect(repeat.statusCode).toBe(409);
    expect(repeat.json().error).toMatchObject({ code: 'external_id_taken', details: { field: 'externalId', orderId: first.json().id } });
    expect(repeat.json().error.message).toContain('A-1');

    const list = await t.app.inject({ url: `${url}?limit=1`, headers: t.staffHeaders });
    expect(list.json()).toMatchObject({ items: [{ amount: '0.20' }], totals: { count: 2, revenue: '0.30', cost: '0.15', margin: '0.15', currencies: ['CNY'] } });
    expect(list.json().nextCursor).toEqual(expect.any(String));

    const removed = await t.app.inject({ method: 'DELETE', url: `${url}/${first.json().id}`, headers: t.staffHeaders });
    expect(removed.statusCode).toBe(204);
    expect((await t.app.inject({ url, headers: t.staffHeaders })).json().totals).toMatchObject({ count: 1, revenue: '0.20' });
  });

  it('answers 400 naming the fields, 404 for a hidden customer, and writes nothing', async () => {
    const before = { orders: await t.database.db.$count(orders), investments: await t.database.db.$count(investments) };
    const bad = await t.app.inject({
      method: 'POST', url: `/api/v1/customers/${t.east.id}/orders`, headers: t.staffHeaders,
      payload: { orderedAt: '2024-01-01T00:00:00Z', amount: 12.5, items: [{ name: '茶', quantity: 0, unitPrice: '1.999' }] },
    });
    expect(bad.statusCode).toBe(400);
    expect(fieldCodes(bad.json())).toEqual({ amount: 'invalid_type', 'items.0.quantity': 'custom', 'items.0.unitPrice': 'custom' });
    expect(bad.json().error.details.fields.find((field: { path: string }) => field.path === 'items.0.unitPrice').message).toContain('2 位小数');

    const noHours = await t.app.inject({
      method: 'POST', url: `/api/v1/customers/${t.east.id}/investments`, headers: { ...t.staffHeaders, 'accept-language': 'en-US' },
      payload: { kind: 'service_hours', occurredAt: '2024-01-01T00:00:00Z', cost: '100' },
    });
    expect(noHours.statusCode).toBe(400);
    expect(noHours.json().error.details.fields).toEqual([{ path: 'hours', code: 'custom', message: 'is required (more than 0) for service hours' }]);

    const hidden = await t.app.inject({ method: 'POST', url: `/api/v1/customers/${t.north.id}/orders`, headers: t.staffHeaders, payload: { orderedAt: '2024-01-01T00:00:00Z', amount: '1' } });
    expect(hidden.statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/customers/${t.north.id}/orders`, headers: t.staffHeaders })).statusCode).toBe(404);
    expect((await t.app.inject({ url: `/api/v1/customers/${t.north.id}/investments`, headers: t.staffHeaders })).statusCode).toBe(404);
    expect({ orders: await t.database.db.$count(orders), investments: await t.database.db.$count(investments) }).toEqual(before);
  });

  it('records and lists investments', async () => {
    const url = `/api/v1/customers/${t.east.id}/investments`;
    const created = await t.app.inject({ method: 'POST', url, headers: t.staffHeaders, payload: { kind: 'service_hours', occurredAt: '2024-02-01T09:00:00+08:00', cost: '300', hours: '2.5', description: '上门安装' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ kind: 'service_hours', cost: '300.00', hours: '2.50' });
    const list = await t.app.inject({ url, headers: t.staffHeaders });
    expect(list.json()).toMatchObject({ items: [{ id: created.json().id }], nextCursor: null, totals: { count: 1, cost: '300.00', hours: '2.50' } });
    expect((await t.app.inject({ method: 'DELETE', url: `${url}/${created.json().id}`, headers: t.staffHeaders })).statusCode).toBe(204);
  });
});

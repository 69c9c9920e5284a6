import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { interactions } from './schema.js';
import { fieldCodes, useFixtureApp } from './test-fixtures.js';

describe.each(testEngines())('timeline HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);

  it('logs an interaction (sanitised) and pages the timeline', async () => {
    const url = `/api/v1/customers/${t.east.id}/interactions`;
    for (const hour of ['08', '09', '10']) {
      const created = await t.app.inject({
        method: 'POST', url, headers: t.staffHeaders,
        payload: { kind: 'visit', occurredAt: `2024-06-01T${hour}:00:00+08:00`, bodyHtml: `<p style="x">第${hour}点<img src=x onerror=alert(1)></p>` },
      });
      expect(created.statusCode).toBe(201);
      expect(created.json()).toMatchObject({ kind: 'visit', bodyHtml: `<p>第${hour}点</p>`, bodyText: `第${hour}点`, authorName: '小李' });
    }
    const first = await t.app.inject({ url: `/api/v1/customers/${t.east.id}/timeline?limit=2&kind=visit,call`, headers: t.staffHeaders });
    expect(first.statusCode).toBe(200);
    expect(first.json().items.map((item: { occurredAt: string }) => item.occurredAt)).toEqual(['2024-06-01T02:00:00.000Z', '2024-06-01T01:00:00.000Z']);
    const second = await t.app.inject({ url: `/api/v1/customers/${t.east.id}/timeline?limit=2&kind=visit&cursor=${first.json().nextCursor}`, headers: t.staffHeaders });
    expect(second.json()).toMatchObject({ items: [{ occurredAt: '2024-06-01T00:00:00.000Z' }], nextCursor: null });
  });

  it('answers 400 with field paths in the caller’s language and writes nothing', async () => {
    const before = await t.database.db.$count(interactions);
    const response = await t.app.inject({
      method: 'POST', url: `/api/v1/customers/${t.east.id}/interactions`, headers: { ...t.staffHeaders, 'accept-language': 'en-US' },
      payload: { kind: 'system', occurredAt: 'yesterday', bodyHtml: 42, extra: true },
    });
    expect(response.statusCode).toBe(400);
    expect(fieldCodes(response.json())).toEqual({ kind: 'invalid_value', occurredAt: 'invalid_format', bodyHtml: 'invalid_type', extra: 'unrecognized_keys' });
    expect(response.json().error.message).toContain('Invalid input');
    const zh = await t.app.inject({
      method: 'POST', url: `/api/v1/customers/${t.east.id}/interactions`, headers: { ...t.staffHeaders, 'accept-language': 'zh-CN' },
      payload: { kind: 'note', occurredAt: '2999-01-01T00:00:00Z', bodyHtml: 'x' },
    });
    expect(zh.json().error.details.fields).toEqual([{ path: 'occurredAt', code: 'custom', message: '时间须在 1900 年以后，且最多晚于现在一天' }]);
    const badQuery = await t.app.inject({ url: `/api/v1/customers/${t.east.id}/timeline?limit=0&cursor=zzz`, headers: t.staffHeaders });
    expect(badQuery.statusCode).toBe(400);
    expect(await t.database.db.$count(interactions)).toBe(before);
  });

  it('documents the timeline, order, group and custom-field endpoints in OpenAPI', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    for (const [path, method] of [
      ['/api/v1/customers/{id}/interactions', 'post'], ['/api/v1/customers/{id}/timeline', 'get'],
      ['/api/v1/customers/{id}/orders', 'post'], ['/api/v1/customers/{id}/orders/{orderId}', 'delete'],
      ['/api/v1/customers/{id}/investments', 'post'], ['/api/v1/groups/{id}/members', 'delete'],
      ['/api/v1/custom-fields/{id}', 'patch'],
    ] as const) {
      expect(doc.paths[path]?.[method], `${method} ${path}`).toBeDefined();
    }
    expect(doc.paths['/api/v1/customers/{id}/orders'].post.requestBody.content['application/json'].schema.required).toEqual(['orderedAt', 'amount']);
  });

  it('answers 404 to staff for another region’s customer, for reading and writing', async () => {
    expect((await t.app.inject({ url: `/api/v1/customers/${t.north.id}/timeline`, headers: t.staffHeaders })).statusCode).toBe(404);
    const write = await t.app.inject({ method: 'POST', url: `/api/v1/customers/${t.north.id}/interactions`, headers: t.staffHeaders, payload: { kind: 'note', bodyHtml: 'x' } });
    expect(write.statusCode).toBe(404);
    expect(write.json().error.code).toBe('not_found');
    expect((await t.app.inject({ url: `/api/v1/customers/${t.north.id}/timeline`, headers: t.admin })).statusCode).toBe(200);
  });
});

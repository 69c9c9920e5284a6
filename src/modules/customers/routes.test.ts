import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { openTestApp, type TestApp } from '../../server/test-app.js';
import { customers } from './schema.js';

type ErrorJson = { error: { code: string; message: string; details: { fields: { path: string; message: string }[] } } };

describe.each(testEngines())('customer endpoints on %s', (engine) => {
  let t: TestApp;
  let existingId: string;
  beforeAll(async () => {
    t = await openTestApp(engine);
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: t.admin, payload: { name: '钱多多', phones: [{ number: '13700001234' }] } });
    existingId = created.json().id;
  });
  afterAll(() => t.close());

  async function snapshot() {
    return JSON.stringify(await t.database.db.select().from(customers).orderBy(customers.id));
  }

  const badBodies: [string, unknown, string[]][] = [
    ['wrong types', { name: 42, tags: 'vip', birthdayLunar: 'yes' }, ['name', 'tags', 'birthdayLunar']],
    ['unknown fields', { name: '赵六', nickname: '小赵', phones: [{ number: '13800000000', kind: 'x' }] }, ['nickname', 'phones.0.kind']],
    ['too-long strings', { name: '长'.repeat(101), company: 'c'.repeat(201) }, ['name', 'company']],
    ['malformed dates', { name: '赵六', birthday: '1990-13-01', importantDates: [{ label: '周年', date: '2020/01/01' }] }, ['birthday', 'importantDates.0.date']],
    ['a phone of letters', { name: '赵六', phones: [{ number: '138-call-me' }] }, ['phones.0.number']],
    ['an e-mail without @', { name: '赵六', emails: [{ address: 'zhao.example.com' }] }, ['emails.0.address']],
    ['an unknown stage', { name: '赵六', stage: 'vip' }, ['stage']],
    ['a missing name', { company: '无名公司' }, ['name']],
  ];

  it.each(badBodies)('POST /customers with %s is a 400 naming the fields, and changes nothing', async (_case, payload, paths) => {
    const before = await snapshot();
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { ...t.admin, 'accept-language': 'en-US' }, payload: payload as object });
    expect(response.statusCode).toBe(400);
    const body = response.json() as ErrorJson;
    expect(body.error.code).toBe('validation_failed');
    expect(body.error.details.fields.map((field) => field.path).sort()).toEqual([...paths].sort());
    expect(await snapshot()).toBe(before);
  });

  it.each(badBodies.filter(([name]) => name !== 'a missing name'))('PATCH /customers/:id with %s is a 400, and changes nothing', async (_case, payload, paths) => {
    const before = await snapshot();
    const response = await t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${existingId}`, headers: t.admin, payload: payload as object });
    expect(response.statusCode).toBe(400);
    expect((response.json() as ErrorJson).error.details.fields.map((field) => field.path).sort()).toEqual([...paths].sort());
    expect(await snapshot()).toBe(before);
  });

  it('explains the error in Chinese by default and in English on request', async () => {
    const zh = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: t.admin, payload: { name: '' } });
    expect((zh.json() as ErrorJson).error.details.fields[0]!.message).toBe('不能为空');
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { ...t.admin, 'accept-language': 'en-US,en;q=0.9' }, payload: { name: '' } });
    expect((en.json() as ErrorJson).error.details.fields[0]!.message).toBe('must not be empty');
    const pattern = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: t.admin, payload: { name: '甲', wechat: 'has space', qq: '12ab' } });
    expect((pattern.json() as ErrorJson).error.details.fields.map((field) => field.message).sort()).toEqual(['只能包含字母、数字、下划线、点和减号', '应为 5–12 位数字']);
  });

  it('refuses malformed JSON, a non-uuid id and bad query parameters with 400s', async () => {
    const malformed = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: { ...t.admin, 'content-type': 'application/json' }, payload: '{"name": "坏' });
    expect(malformed.statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/customers/not-a-uuid', headers: t.admin })).json().error.details.fields[0].path).toBe('params.id');
    const badQuery = await t.app.inject({ url: '/api/v1/customers?limit=abc&sort=random', headers: t.admin });
    expect(badQuery.statusCode).toBe(400);
    expect((badQuery.json() as ErrorJson).error.details.fields.map((field) => field.path).sort()).toEqual(['querystring.limit', 'querystring.sort']);
    expect((await t.app.inject({ url: '/api/v1/customers?stage=vip', headers: t.admin })).statusCode).toBe(400);
    expect((await t.app.inject({ url: '/api/v1/customers?cursor=garbage', headers: t.admin })).json().error.details.fields[0].path).toBe('cursor');
  });

  it('keeps a phone extension given apart or inside the number, and lists regions and tags', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: t.admin,
      payload: { name: '冯总', region: '西南', tags: ['大客户'], phones: [{ number: '028-8888 6666', ext: '12' }, { number: '028-8888 7777 转 5' }] },
    });
    expect(created.json().phones).toEqual([{ number: '+862888886666', ext: '12' }, { number: '+862888887777', ext: '5' }]);
    const regions = (await t.app.inject({ url: '/api/v1/regions', headers: t.admin })).json().items;
    expect(regions).toContainEqual({ region: '西南', count: 1 });
    expect((await t.app.inject({ url: '/api/v1/tags', headers: t.admin })).json().items).toContainEqual({ tag: '大客户', count: 1 });
  });

  it('creates, reads, filters, updates and deletes through HTTP', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/api/v1/customers',
      headers: t.admin,
      payload: { name: '欧阳娜娜', phones: [{ number: '+86 186 0000 8888' }], stage: 'loyal', tags: ['VIP'], region: '华南' },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    const found = await t.app.inject({ url: `/api/v1/customers?q=oynn&stage=loyal,current&tag=VIP`, headers: t.admin });
    expect(found.json().items.map((item: { id: string }) => item.id)).toEqual([id]);
    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/customers/${id}`, headers: t.admin, payload: { region: null, stage: 'churned', stageReason: '价格' } });
    expect(patched.json()).toMatchObject({ region: null, stage: 'churned' });
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/customers/${id}`, headers: t.admin })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/customers/${id}`, headers: t.admin })).statusCode).toBe(404);
  });
});

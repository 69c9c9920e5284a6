import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { fieldCodes, useFixtureApp } from '../timeline/test-fixtures.js';
import { customFieldDefs } from './schema.js';

describe.each(testEngines())('custom fields HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);

  it('defines, lists, changes and deletes fields; staff may only read', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: t.managerHeaders, payload: { key: 'industry', labelZh: '行业', labelEn: 'Industry', type: 'select', options: ['餐饮', '零售'] } });
    expect(created.statusCode).toBe(201);
    const id = created.json().id as string;
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: t.staffHeaders, payload: { key: 'x', labelZh: 'x', labelEn: 'x', type: 'text' } })).statusCode).toBe(403);
    const repeat = await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: t.admin, payload: { key: 'industry', labelZh: 'x', labelEn: 'x', type: 'text' } });
    expect(repeat.statusCode).toBe(409);
    expect(repeat.json().error).toMatchObject({ code: 'custom_field_key_taken', details: { field: 'key' } });

    const customer = await t.app.inject({ method: 'POST', url: '/api/v1/customers', headers: t.admin, payload: { name: '李娜', customFields: { industry: '零售' } } });
    expect(customer.statusCode).toBe(201);
    const inUse = await t.app.inject({ method: 'PATCH', url: `/api/v1/custom-fields/${id}`, headers: { ...t.admin, 'accept-language': 'en-US' }, payload: { options: ['餐饮'] } });
    expect(inUse.statusCode).toBe(409);
    expect(inUse.json().error).toMatchObject({ code: 'option_in_use', details: { count: 1 } });
    expect(inUse.json().error.message).toBe('1 customers still use the options being removed: 零售');

    const patched = await t.app.inject({ method: 'PATCH', url: `/api/v1/custom-fields/${id}`, headers: t.managerHeaders, payload: { options: ['餐饮', '零售', '制造'], required: true } });
    expect(patched.json()).toMatchObject({ options: ['餐饮', '零售', '制造'], required: true });
    expect((await t.app.inject({ url: '/api/v1/custom-fields', headers: t.staffHeaders })).json().items.map((def: { key: string }) => def.key)).toEqual(['industry']);

    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/custom-fields/${id}`, headers: t.staffHeaders })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/custom-fields/${id}`, headers: t.managerHeaders })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/customers/${customer.json().id}`, headers: t.admin })).json().customFields).toEqual({});
  });

  it('answers 400 naming the fields and writes nothing', async () => {
    const before = await t.database.db.$count(customFieldDefs);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: t.admin, payload: { key: '1abc', labelZh: '字段', labelEn: 'Field', type: 'text', required: 'yes', position: -1 } });
    expect(bad.statusCode).toBe(400);
    expect(fieldCodes(bad.json())).toEqual({ key: 'custom', required: 'invalid_type', position: 'too_small' });
    const rules = await t.app.inject({ method: 'POST', url: '/api/v1/custom-fields', headers: t.admin, payload: { key: 'tier', labelZh: '等级', labelEn: 'Tier', type: 'select' } });
    expect(rules.statusCode).toBe(400);
    expect(fieldCodes(rules.json())).toEqual({ options: 'required' });
    expect(await t.database.db.$count(customFieldDefs)).toBe(before);
  });
});

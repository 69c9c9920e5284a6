import { describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { fieldCodes, useFixtureApp } from '../timeline/test-fixtures.js';
import { groups } from './schema.js';

describe.each(testEngines())('groups HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);

  it('creates, renames, lists and deletes groups; staff may only read', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/groups', headers: t.managerHeaders, payload: { name: '重点客户', color: '#1677FF' } });
    expect(created.statusCode).toBe(201);
    expect(created.json()).toMatchObject({ name: '重点客户', color: '#1677ff', description: null, customerCount: 0 });
    const id = created.json().id as string;

    const clash = await t.app.inject({ method: 'POST', url: '/api/v1/groups', headers: t.admin, payload: { name: '重点客户' } });
    expect(clash.statusCode).toBe(409);
    expect(clash.json().error).toMatchObject({ code: 'group_name_taken', details: { field: 'name' } });

    const staffCreate = await t.app.inject({ method: 'POST', url: '/api/v1/groups', headers: t.staffHeaders, payload: { name: '我的组' } });
    expect(staffCreate.statusCode).toBe(403);
    expect((await t.app.inject({ method: 'PATCH', url: `/api/v1/groups/${id}`, headers: t.staffHeaders, payload: { name: 'x' } })).statusCode).toBe(403);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/groups/${id}`, headers: t.staffHeaders })).statusCode).toBe(403);

    const renamed = await t.app.inject({ method: 'PATCH', url: `/api/v1/groups/${id}`, headers: t.managerHeaders, payload: { name: 'VIP', description: '年消费过万' } });
    expect(renamed.json()).toMatchObject({ name: 'VIP', color: '#1677ff', description: '年消费过万' });
    const list = await t.app.inject({ url: '/api/v1/groups', headers: t.staffHeaders });
    expect(list.json().items.map((group: { name: string }) => group.name)).toEqual(['VIP']);
    expect((await t.app.inject({ method: 'DELETE', url: `/api/v1/groups/${id}`, headers: t.managerHeaders })).statusCode).toBe(204);
    expect((await t.app.inject({ url: `/api/v1/groups/${id}`, headers: t.staffHeaders })).statusCode).toBe(404);
  });

  it('answers 400 naming the fields and writes nothing', async () => {
    const before = await t.database.db.$count(groups);
    const bad = await t.app.inject({ method: 'POST', url: '/api/v1/groups', headers: t.admin, payload: { name: '', color: '#12345', members: [] } });
    expect(bad.statusCode).toBe(400);
    expect(fieldCodes(bad.json())).toEqual({ name: 'too_small', color: 'custom', members: 'unrecognized_keys' });
    const badPatch = await t.app.inject({ method: 'PATCH', url: '/api/v1/groups/not-a-uuid', headers: t.admin, payload: { name: 'x' } });
    expect(badPatch.statusCode).toBe(400);
    expect(fieldCodes(badPatch.json())).toEqual({ 'params.id': 'invalid_format' });
    expect(await t.database.db.$count(groups)).toBe(before);
  });

  it('adds and removes members in bulk and reports the counts', async () => {
    const group = (await t.app.inject({ method: 'POST', url: '/api/v1/groups', headers: t.admin, payload: { name: '家人' } })).json();
    const url = `/api/v1/groups/${group.id}/members`;
    const added = await t.app.inject({ method: 'POST', url, headers: t.staffHeaders, payload: { customerIds: [t.east.id, t.north.id] } });
    expect(added.json()).toEqual({ added: 1, alreadyMembers: 0, notFound: 1 });
    expect((await t.app.inject({ method: 'POST', url, headers: t.admin, payload: { customerIds: [t.east.id, t.north.id] } })).json()).toEqual({ added: 1, alreadyMembers: 1, notFound: 0 });
    expect((await t.app.inject({ url: `/api/v1/groups/${group.id}`, headers: t.staffHeaders })).json().customerCount).toBe(1);
    const tooMany = await t.app.inject({ method: 'POST', url, headers: t.admin, payload: { customerIds: Array.from({ length: 1001 }, () => t.east.id) } });
    expect(fieldCodes(tooMany.json())).toEqual({ customerIds: 'too_big' });
    const removed = await t.app.inject({ method: 'DELETE', url, headers: t.admin, payload: { customerIds: [t.east.id, t.north.id] } });
    expect(removed.json()).toEqual({ removed: 2, notMembers: 0, notFound: 0 });
  });
});

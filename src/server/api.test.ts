import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../db/test-support.js';
import { loginHeaders, openTestApp, type TestApp } from './test-app.js';

describe.each(testEngines())('HTTP API basics on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(engine);
  });
  afterAll(() => t.close());

  it('answers health and login without a session, and nothing else', async () => {
    expect((await t.app.inject({ url: '/api/health' })).json()).toMatchObject({ status: 'ok', engine });
    const anonymous = await t.app.inject({ url: '/api/v1/customers' });
    expect(anonymous.statusCode).toBe(401);
    expect(anonymous.json().error.code).toBe('unauthorized');
    expect((await t.app.inject({ url: '/api/v1/auth/me' })).statusCode).toBe(401);
  });

  it('sets an HttpOnly SameSite session cookie and refuses a wrong password', async () => {
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'ADMIN', password: 'admin-password-1' } });
    const cookie = ok.cookies.find((item) => item.name === 'weixi_session')!;
    expect(cookie.httpOnly).toBe(true);
    expect(cookie.sameSite).toBe('Lax');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'nope-nope' }, headers: { 'accept-language': 'en-US' } });
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().error.message).toBe('Wrong username or password');
    const me = await t.app.inject({ url: '/api/v1/auth/me', headers: t.admin });
    expect(me.json().user.username).toBe('admin');
  });

  it('accepts a bearer API token until it is revoked', async () => {
    const created = await t.app.inject({ method: 'POST', url: '/api/v1/tokens', headers: t.admin, payload: { name: '脚本' } });
    expect(created.statusCode).toBe(201);
    const bearer = { authorization: `Bearer ${created.json().token}` };
    expect((await t.app.inject({ url: '/api/v1/customers', headers: bearer })).statusCode).toBe(200);
    await t.app.inject({ method: 'DELETE', url: `/api/v1/tokens/${created.json().id}`, headers: t.admin });
    expect((await t.app.inject({ url: '/api/v1/customers', headers: bearer })).statusCode).toBe(401);
  });

  it('logout ends the session', async () => {
    const response = await t.app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username: 'admin', password: 'admin-password-1' } });
    const headers = { cookie: `weixi_session=${response.cookies.find((item) => item.name === 'weixi_session')!.value}` };
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/auth/logout', headers })).statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers })).statusCode).toBe(401);
  });

  it('lets a user change their own password, which ends their other sessions', async () => {
    const other = await loginHeaders(t.app, 'admin', 'admin-password-1');
    const wrong = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: t.admin, payload: { currentPassword: 'nope', newPassword: 'new-password-2' } });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.json().error.details.fields[0].path).toBe('currentPassword');
    const short = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: t.admin, payload: { currentPassword: 'admin-password-1', newPassword: 'short' } });
    expect(short.json().error.details.fields[0].path).toBe('newPassword');
    const ok = await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: t.admin, payload: { currentPassword: 'admin-password-1', newPassword: 'new-password-2' } });
    expect(ok.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: t.admin })).statusCode).toBe(200);
    expect((await t.app.inject({ url: '/api/v1/auth/me', headers: other })).statusCode).toBe(401);
    await loginHeaders(t.app, 'admin', 'new-password-2');
    // Put it back for the other tests in this file.
    await t.app.inject({ method: 'POST', url: '/api/v1/auth/password', headers: t.admin, payload: { currentPassword: 'new-password-2', newPassword: 'admin-password-1' } });
  });

  it('publishes an OpenAPI document generated from the route schemas', async () => {
    const doc = (await t.app.inject({ url: '/api/openapi.json' })).json();
    expect(doc.openapi).toMatch(/^3\./);
    expect(doc.paths['/api/v1/customers'].post.requestBody.content['application/json'].schema.properties.name).toBeDefined();
    expect((await t.app.inject({ url: '/api/docs/' })).statusCode).toBe(200);
  });

  it('answers unknown API routes with the error shape, localised', async () => {
    const response = await t.app.inject({ url: '/api/v1/nope', headers: { ...t.admin, 'accept-language': 'zh-CN' } });
    expect(response.statusCode).toBe(404);
    expect(response.json().error.message).toContain('没有这个接口');
  });
});

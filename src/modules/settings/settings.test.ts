import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../../db/test-support.js';
import { openTestApp, type TestApp } from '../../server/test-app.js';

describe.each(testEngines())('company settings on %s', (engine) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await openTestApp(engine);
  });
  afterAll(() => t.close());

  it('defaults to Shanghai time and mainland phone numbers', async () => {
    expect((await t.app.inject({ url: '/api/v1/settings', headers: t.admin })).json()).toMatchObject({ timeZone: 'Asia/Shanghai', phoneRegion: 'CN', defaultLocale: 'zh-CN' });
  });

  it('changes a setting and refuses an invalid time zone without changing anything', async () => {
    const changed = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: t.admin, payload: { companyName: '维系茶业', timeZone: 'Asia/Hong_Kong' } });
    expect(changed.json()).toMatchObject({ companyName: '维系茶业', timeZone: 'Asia/Hong_Kong' });
    const bad = await t.app.inject({ method: 'PATCH', url: '/api/v1/settings', headers: t.admin, payload: { companyName: '别的', timeZone: 'Mars/Olympus' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details.fields.map((field: { path: string }) => field.path)).toEqual(['timeZone']);
    expect((await t.app.inject({ url: '/api/v1/settings', headers: t.admin })).json()).toMatchObject({ companyName: '维系茶业', timeZone: 'Asia/Hong_Kong' });
  });
});

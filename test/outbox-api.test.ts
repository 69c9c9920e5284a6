import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../src/db/test-support.js';
import { createCustomField } from '../src/modules/custom-fields/create-custom-field.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { countMessages } from '../src/modules/messaging/count-messages.js';
import { notifyUser } from '../src/modules/messaging/notifications.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { startSmtpPeer, type SmtpPeer } from '../src/modules/messaging/test-peers.js';
import { listTimeline } from '../src/modules/timeline/list-timeline.js';
import { fieldCodes, useFixtureApp } from '../src/modules/timeline/test-fixtures.js';
import { systemActor } from '../src/modules/users/actor.js';

describe.each(testEngines())('messaging HTTP API on %s', (engine) => {
  const t = useFixtureApp(engine);
  let smtp: SmtpPeer;
  const ids: Record<string, string> = {};
  beforeAll(async () => {
    smtp = await startSmtpPeer();
    await createCustomField(t.database.db, systemActor, { key: 'vip_level', labelZh: '会员等级', labelEn: 'VIP level', type: 'text' });
    const admin = { userId: t.adminId, role: 'admin' as const, regions: [] };
    ids.lin = (await createCustomer(t.database.db, admin, { name: '林静', title: '经理', region: '华东', emails: [{ address: 'linjing@example.com' }], customFields: { vip_level: '金卡' } })).id;
    ids.noMail = (await createCustomer(t.database.db, admin, { name: '何平', region: '华东' })).id;
    ids.optedOut = (await createCustomer(t.database.db, admin, { name: '吴磊', region: '华东', emails: [{ address: 'wulei@example.com' }] })).id;
    ids.north = (await createCustomer(t.database.db, admin, { name: '郑爽', region: '华北', emails: [{ address: 'zheng@example.com' }] })).id;
  });
  afterAll(() => smtp.close());

  async function drain(): Promise<void> {
    const worker = startOutboxWorker({ db: t.database.db, idleMs: 50 });
    await worker.idle();
    await worker.stop();
  }

  it('configures e-mail with validation and never returns the password', async () => {
    const url = '/api/v1/messaging/channels/email';
    const bad = await t.app.inject({ method: 'PUT', url, headers: { ...t.admin, 'accept-language': 'en-US' }, payload: { host: '127.0.0.1', port: 'x', from: 'nope', publicUrl: 'ftp://x' } });
    expect(bad.statusCode).toBe(400);
    expect(Object.keys(fieldCodes(bad.json())).sort()).toEqual(['from', 'port', 'publicUrl']);
    expect((await t.app.inject({ method: 'PUT', url, headers: t.staffHeaders, payload: {} })).statusCode).toBe(403);

    const settings = { host: '127.0.0.1', port: smtp.port, username: 'mailer', password: 'smtp-password-secret', from: '维系关怀 <care@weixi.test>', publicUrl: 'https://crm.weixi.test' };
    const saved = await t.app.inject({ method: 'PUT', url, headers: t.admin, payload: settings });
    expect(saved.statusCode).toBe(200);
    expect(saved.json()).toMatchObject({ kind: 'email', configured: true, secretsSet: ['password'], settings: { host: '127.0.0.1', username: 'mailer' } });
    // Changing the host without the password keeps the stored one.
    await t.app.inject({ method: 'PUT', url, headers: t.admin, payload: { ...settings, password: undefined } });
    const listed = await t.app.inject({ url: '/api/v1/messaging/channels', headers: t.managerHeaders });
    expect(listed.body).not.toContain('smtp-password-secret');
    expect(listed.json().find((channel: { kind: string }) => channel.kind === 'email').secretsSet).toEqual(['password']);
    expect(listed.json().find((channel: { kind: string }) => channel.kind === 'webhook')).toMatchObject({ configured: false });
    // The test SMTP peer takes no AUTH: switch to no credentials for the sends below.
    await t.app.inject({ method: 'PUT', url, headers: t.admin, payload: { ...settings, username: undefined, password: '' } });
  });

  it('refuses a template with an unknown merge field, naming it in both languages', async () => {
    const payload = { name: '春节问候', channel: 'email', subject: '{{name}}，{{holiday}}快乐', bodyText: '{{nickname}} 您好' };
    const en = await t.app.inject({ method: 'POST', url: '/api/v1/messaging/templates', headers: { ...t.managerHeaders, 'accept-language': 'en-US' }, payload });
    expect(en.statusCode).toBe(400);
    expect(en.json().error.details.fields).toEqual([{ path: 'bodyText', code: 'unknown_merge_field', message: expect.stringContaining('{{nickname}}') }]);
    const zh = await t.app.inject({ method: 'POST', url: '/api/v1/messaging/templates', headers: t.managerHeaders, payload });
    expect(zh.json().error.details.fields[0].message).toContain('未知的合并字段 {{nickname}}');
    expect((await t.app.inject({ method: 'POST', url: '/api/v1/messaging/templates', headers: t.staffHeaders, payload: { ...payload, bodyText: 'x' } })).statusCode).toBe(403);
    const created = await t.app.inject({
      method: 'POST', url: '/api/v1/messaging/templates', headers: t.managerHeaders,
      payload: { ...payload, bodyText: '{{name}}{{title}}：{{holiday}}快乐！您的{{vip_level}}权益已更新。', bodyHtml: '<p>{{name}}：{{holiday}}快乐</p>' },
    });
    expect(created.statusCode).toBe(201);
    expect(created.json().fields.sort()).toEqual(['holiday', 'name', 'title', 'vip_level']);
    ids.template = created.json().id;
  });

  it('previews a hand send to a filter: sample, count, and who is left out and why — and changes nothing', async () => {
    await t.app.inject({ method: 'PUT', url: `/api/v1/customers/${ids.optedOut}/opt-outs/email`, headers: t.staffHeaders });
    const payload = { channel: 'email', templateId: ids.template, filter: { regions: ['华东'] }, params: { holiday: '春节' } };
    const preview = await t.app.inject({ method: 'POST', url: '/api/v1/messaging/sends/preview', headers: t.staffHeaders, payload });
    expect(preview.statusCode).toBe(200);
    const body = preview.json();
    // The fixture's 张伟 (华东, no e-mail), 林静, 何平 (no e-mail), 吴磊 (opted out); 郑爽 is 华北, invisible to this staff member.
    expect(body.selected).toBe(4);
    expect(body.willSend).toBe(1);
    expect(body.excluded.map((group: { reason: string; count: number }) => [group.reason, group.count])).toEqual([['no_address', 2], ['opted_out', 1]]);
    expect(body.sample).toMatchObject({ customerName: '林静', to: 'linjing@example.com', subject: '林静，春节快乐', text: '林静经理：春节快乐！您的金卡权益已更新。', emptyFields: [] });
    expect(await countMessages(t.database.db)).toEqual({});

    const missingHoliday = await t.app.inject({ method: 'POST', url: '/api/v1/messaging/sends/preview', headers: t.staffHeaders, payload: { ...payload, params: {} } });
    expect(fieldCodes(missingHoliday.json())).toEqual({ 'params.holiday': 'required' });
  });

  it('sends, shows each message on the timeline with its status, and keeps a delivery log', async () => {
    const sent = await t.app.inject({ method: 'POST', url: '/api/v1/messaging/sends', headers: t.staffHeaders, payload: { channel: 'email', templateId: ids.template, customerIds: [ids.lin, ids.noMail, ids.optedOut, ids.north], params: { holiday: '春节' } } });
    expect(sent.statusCode).toBe(201);
    const batch = sent.json();
    expect(batch).toMatchObject({ audience: { selected: 4, no_address: 1, not_found: 1 }, statuses: { queued: 2 } });
    await drain();
    const after = await t.app.inject({ url: `/api/v1/messaging/batches/${batch.id}`, headers: t.staffHeaders });
    expect(after.json().statuses).toEqual({ sent: 1, opted_out: 1 });
    const log = await t.app.inject({ url: `/api/v1/messaging/batches/${batch.id}/messages`, headers: t.staffHeaders });
    expect(log.json().items.map((item: { recipient: string; status: string }) => [item.recipient, item.status]).sort()).toEqual([['linjing@example.com', 'sent'], ['wulei@example.com', 'opted_out']]);
    expect(smtp.received.filter((mail) => mail.to.includes('wulei@example.com'))).toHaveLength(0);
    const mail = smtp.received.find((item) => item.to.includes('linjing@example.com'))!;
    expect(mail.subject).toBe('林静，春节快乐');

    const timeline = await listTimeline(t.database.db, systemActor, ids.lin!, {});
    expect(timeline.items.find((item) => item.kind === 'email')).toMatchObject({ subject: '林静，春节快乐', data: { status: 'sent', batchId: batch.id } });
    const blocked = await listTimeline(t.database.db, systemActor, ids.optedOut!, {});
    expect(blocked.items.find((item) => item.kind === 'email')).toMatchObject({ data: { status: 'opted_out' } });
    const messages = await t.app.inject({ url: `/api/v1/customers/${ids.lin}/messages`, headers: t.staffHeaders });
    expect(messages.json().items).toMatchObject([{ status: 'sent', channel: 'email' }]);
    expect((await t.app.inject({ url: `/api/v1/customers/${ids.north}/messages`, headers: t.staffHeaders })).statusCode).toBe(404);
  });

  it('unsubscribes through the signed link without signing in; a forged link changes nothing', async () => {
    const mail = smtp.received.find((item) => item.to.includes('linjing@example.com'))!;
    const link = new URL(mail.headers.get('list-unsubscribe')!.slice(1, -1));
    const forged = await t.app.inject({ method: 'POST', url: `${link.pathname}?token=${link.searchParams.get('token')!.replace(/.$/, (char) => (char === 'A' ? 'B' : 'A'))}` });
    expect(forged.statusCode).toBe(400);
    const page = await t.app.inject({ url: `${link.pathname}${link.search}` });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<form method="post"');
    const before = await t.app.inject({ url: `/api/v1/customers/${ids.lin}/opt-outs`, headers: t.staffHeaders });
    expect(before.json()).toEqual([]);
    const confirmed = await t.app.inject({ method: 'POST', url: `${link.pathname}${link.search}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'List-Unsubscribe=One-Click' });
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.body).toContain('已退订');
    const after = await t.app.inject({ url: `/api/v1/customers/${ids.lin}/opt-outs`, headers: t.staffHeaders });
    expect(after.json()).toMatchObject([{ channel: 'email', source: 'unsubscribe_link' }]);
  });

  it('delivers in-app notifications to staff with an unread count', async () => {
    const staff = await t.app.inject({ url: '/api/v1/auth/me', headers: t.staffHeaders });
    const staffId = staff.json().user.id as string;
    await t.database.db.transaction((tx) => notifyUser(tx, { userId: staffId, title: '续费提醒', body: '林静的合同下周到期', idempotencyKey: 'reminder:lin:1' }));
    await t.database.db.transaction((tx) => notifyUser(tx, { userId: staffId, title: '续费提醒', body: 'again', idempotencyKey: 'reminder:lin:1' }));
    await drain();
    expect((await t.app.inject({ url: '/api/v1/notifications/unread-count', headers: t.staffHeaders })).json()).toEqual({ unread: 1 });
    const list = await t.app.inject({ url: '/api/v1/notifications', headers: t.staffHeaders });
    expect(list.json()).toMatchObject({ unread: 1, items: [{ title: '续费提醒', body: '林静的合同下周到期', readAt: null }] });
    expect((await t.app.inject({ url: '/api/v1/notifications', headers: t.managerHeaders })).json()).toEqual({ items: [], unread: 0 });
    const read = await t.app.inject({ method: 'POST', url: `/api/v1/notifications/${list.json().items[0].id}/read`, headers: t.staffHeaders });
    expect(read.statusCode).toBe(204);
    expect((await t.app.inject({ url: '/api/v1/notifications/unread-count', headers: t.staffHeaders })).json()).toEqual({ unread: 0 });
  });

  it('lists the messaging routes in the OpenAPI document', async () => {
    const paths = Object.keys((await t.app.inject({ url: '/api/openapi.json' })).json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/api/v1/messaging/sends/preview', '/api/v1/messaging/sends', '/api/v1/messaging/batches/{id}/messages', '/api/v1/notifications/unread-count', '/unsubscribe']));
  });
});

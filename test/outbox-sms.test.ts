import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { testEngines } from '../src/db/test-support.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { messages } from '../src/modules/messaging/schema.js';
import { startAliyunPeer, type AliyunPeer } from '../src/modules/messaging/sms/test-peer/aliyun-peer.js';
import { listTimeline } from '../src/modules/timeline/list-timeline.js';
import { useFixtureApp } from '../src/modules/timeline/test-fixtures.js';
import { systemActor } from '../src/modules/users/actor.js';

/** SMS wired into the outbox: the provider chosen in settings, its reports and replies. */
describe.each(testEngines())('SMS through the outbox on %s', (engine) => {
  const t = useFixtureApp(engine);
  let peer: AliyunPeer;
  let customerId: string;
  beforeAll(async () => {
    peer = await startAliyunPeer({ accessKeys: { LTAI5tTestKeyId: 'test-access-key-secret' } });
    customerId = (await createCustomer(t.database.db, systemActor, { name: '马丽', phones: [{ number: '13800138000' }] })).id;
  });
  afterAll(() => peer.close());

  async function drain(): Promise<void> {
    // No send-time policy here: the default SMS quiet hours (21:00–08:00) would make the test depend on the clock.
    const worker = startOutboxWorker({ db: t.database.db, idleMs: 50, policy: async () => [] });
    await worker.idle();
    await worker.stop();
  }

  it('sends a hand send through the Aliyun adapter chosen in settings, then applies its delivery report and a TD reply', async () => {
    const configured = await t.app.inject({
      method: 'PUT', url: '/api/v1/messaging/channels/sms', headers: t.admin,
      payload: { provider: 'aliyun', accessKeyId: 'LTAI5tTestKeyId', accessKeySecret: 'test-access-key-secret', signName: '维系科技', endpoint: peer.url },
    });
    expect(configured.statusCode).toBe(200);
    expect(configured.body).not.toContain('test-access-key-secret');
    expect(configured.json().secretsSet).toEqual(['accessKeySecret']);

    const template = await t.app.inject({ method: 'POST', url: '/api/v1/messaging/templates', headers: t.admin, payload: { name: '节日短信', channel: 'sms', bodyText: '{{name}}，{{holiday}}快乐！', providerTemplateCode: 'SMS_123456789' } });
    expect(template.statusCode).toBe(201);
    const batch = await t.app.inject({ method: 'POST', url: '/api/v1/messaging/sends', headers: t.admin, payload: { channel: 'sms', templateId: template.json().id, customerIds: [customerId], params: { holiday: '元宵节' } } });
    expect(batch.statusCode).toBe(201);
    await drain();

    const [message] = await t.database.db.select().from(messages).where(eq(messages.customerId, customerId));
    expect(message).toMatchObject({ status: 'sent', channel: 'sms', recipient: '+8613800138000' });
    expect(peer.received).toEqual([{ phoneNumbers: '13800138000', signName: '维系科技', templateCode: 'SMS_123456789', templateParam: { name: '马丽', holiday: '元宵节' }, outId: message!.id }]);

    const urls = (await t.app.inject({ url: '/api/v1/messaging/sms/callbacks', headers: t.admin })).json();
    const forged = await t.app.inject({ method: 'POST', url: urls.status.replace(/token=.*/, 'token=guess'), payload: [] });
    expect(forged.statusCode).toBe(403);
    const report = await t.app.inject({
      method: 'POST', url: urls.status, headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ phone_number: '13800138000', success: true, biz_id: message!.providerMessageId, out_id: message!.id, report_time: '2026-02-12 20:01:02' }]),
    });
    expect(report.statusCode).toBe(200);
    const [delivered] = await t.database.db.select().from(messages).where(eq(messages.id, message!.id));
    expect(delivered).toMatchObject({ status: 'delivered', deliveredAt: new Date('2026-02-12T12:01:02Z') });
    const timeline = await listTimeline(t.database.db, systemActor, customerId, {});
    expect(timeline.items.find((item) => item.kind === 'sms')).toMatchObject({ data: { status: 'delivered' } });

    const reply = await t.app.inject({
      method: 'POST', url: urls.reply, headers: { 'content-type': 'application/json' },
      payload: JSON.stringify([{ phone_number: '13800138000', content: '退订', send_time: '2026-02-12 20:05:00', sequence_id: 1 }]),
    });
    expect(reply.statusCode).toBe(200);
    const optOuts = await t.app.inject({ url: `/api/v1/customers/${customerId}/opt-outs`, headers: t.admin });
    expect(optOuts.json()).toMatchObject([{ channel: 'sms', source: 'sms_reply' }]);
  });
});

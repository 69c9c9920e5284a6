import { createHmac } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../src/db/test-support.js';
import { enqueueMessage } from '../src/modules/messaging/enqueue-message.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { messages } from '../src/modules/messaging/schema.js';
import { startWebhookPeer, type WebhookPeer } from '../src/modules/messaging/test-peers.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { systemActor } from '../src/modules/users/actor.js';

describe.each(testEngines())('group robot channel on %s', (engine) => {
  let database: TestDatabase;
  let peer: WebhookPeer;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    peer = await startWebhookPeer({ reply: '{"errcode":0,"errmsg":"ok"}' });
  });
  afterAll(async () => {
    await peer.close();
    await database.close();
  });

  it('posts a DingTalk text message with the 加签 signature', async () => {
    await updateChannelSettings(database.db, systemActor, 'robot', { provider: 'dingtalk', url: `${peer.url}?access_token=abc`, secret: 'SECdingtalk-secret' });
    const queued = await enqueueMessage(database.db, { idempotencyKey: 'robot-1', channel: 'robot', recipient: 'group', subject: '投诉提醒', bodyText: '王芳的投诉已超过 24 小时未处理' });
    const worker = startOutboxWorker({ db: database.db, idleMs: 50 });
    await worker.idle();
    await worker.stop();

    expect(peer.requests).toHaveLength(1);
    const request = peer.requests[0]!;
    expect(JSON.parse(request.body)).toEqual({ msgtype: 'text', text: { content: '投诉提醒\n王芳的投诉已超过 24 小时未处理' } });
    const query = new URL(request.url, 'http://peer').searchParams;
    expect(query.get('access_token')).toBe('abc');
    const expected = createHmac('sha256', 'SECdingtalk-secret').update(`${query.get('timestamp')}\nSECdingtalk-secret`).digest('base64');
    expect(query.get('sign')).toBe(expected);
    expect(Math.abs(Date.now() - Number(query.get('timestamp')))).toBeLessThan(60_000);
    expect((await database.db.select().from(messages).where(eq(messages.id, queued.id)))[0]).toMatchObject({ status: 'sent' });
  });
});

import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../src/db/test-support.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { cancelMessage } from '../src/modules/messaging/cancel-message.js';
import { enqueueMessage } from '../src/modules/messaging/enqueue-message.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { messages } from '../src/modules/messaging/schema.js';
import { startSmtpPeer, startWebhookPeer, type SmtpPeer, type WebhookPeer } from '../src/modules/messaging/test-peers.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { verifyWebhook } from '../src/modules/messaging/webhook-channel.js';
import { systemActor } from '../src/modules/users/actor.js';

const SECRET = 'a-webhook-secret-of-some-length';

describe.each(testEngines())('outbox delivery on %s', (engine) => {
  let database: TestDatabase;
  let smtp: SmtpPeer;
  let hook: WebhookPeer;
  let customerId: string;

  beforeAll(async () => {
    database = await openTestDatabase(engine);
    smtp = await startSmtpPeer({
      reply: (to) => (to.startsWith('gone@') ? { code: 550, message: 'No such mailbox' } : to.startsWith('busy@') ? { code: 451, message: 'Try again later' } : undefined),
    });
    hook = await startWebhookPeer({ status: (request) => (request.body.includes('"to":"refuse"') ? 422 : 200) });
    await updateChannelSettings(database.db, systemActor, 'email', { host: '127.0.0.1', port: smtp.port, from: '维系 <care@weixi.test>', publicUrl: 'https://crm.weixi.test' });
    await updateChannelSettings(database.db, systemActor, 'webhook', { url: hook.url, secret: SECRET });
    customerId = (await createCustomer(database.db, systemActor, { name: '王芳', emails: [{ address: 'wangfang@example.com' }] })).id;
  });
  afterAll(async () => {
    await smtp.close();
    await hook.close();
    await database.close();
  });

  async function drain(): Promise<void> {
    const worker = startOutboxWorker({ db: database.db, idleMs: 50 });
    await worker.idle();
    await worker.stop();
  }
  const statusOf = async (id: string) => (await database.db.select().from(messages).where(eq(messages.id, id)))[0]!;

  it('sends a Chinese e-mail with text, HTML, a stable Message-ID and a signed unsubscribe link; a repeated key is a no-op', async () => {
    const message = { idempotencyKey: 'greeting:2026-spring:wangfang', channel: 'email' as const, recipient: 'wangfang@example.com', customerId, subject: '春节快乐，王芳！', bodyText: '祝您新春快乐', bodyHtml: '<p>祝您<b>新春快乐</b></p>' };
    const first = await database.db.transaction((tx) => enqueueMessage(tx, message));
    const again = await database.db.transaction((tx) => enqueueMessage(tx, { ...message, subject: 'changed' }));
    expect(again).toEqual({ id: first.id, created: false });
    await drain();

    const mails = smtp.received.filter((mail) => mail.to.includes('wangfang@example.com'));
    expect(mails).toHaveLength(1);
    const mail = mails[0]!;
    expect(mail.subject).toBe('春节快乐，王芳！');
    expect(mail.messageId).toBe(`<${first.id}@weixi.test>`);
    expect(mail.text).toContain('祝您新春快乐');
    expect(mail.html).toContain('<b>新春快乐</b>');
    const unsubscribe = mail.headers.get('list-unsubscribe')!;
    expect(unsubscribe).toMatch(new RegExp(`^<https://crm\\.weixi\\.test/unsubscribe\\?token=${first.id}\\.[A-Za-z0-9_-]{32}>$`));
    expect(mail.headers.get('list-unsubscribe-post')).toBe('List-Unsubscribe=One-Click');
    expect(mail.text).toContain(unsubscribe.slice(1, -1));
    expect(await statusOf(first.id)).toMatchObject({ status: 'sent', attempts: 1, leaseUntil: null });
  });

  it('dead-letters a permanent SMTP refusal with the server reason and backs off a transient one', async () => {
    const gone = await enqueueMessage(database.db, { idempotencyKey: 'k-gone', channel: 'email', recipient: 'gone@example.com', subject: 'x', bodyText: 'x' });
    const busy = await enqueueMessage(database.db, { idempotencyKey: 'k-busy', channel: 'email', recipient: 'busy@example.com', subject: 'x', bodyText: 'x' });
    const before = Date.now();
    await drain();
    expect(await statusOf(gone.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await statusOf(gone.id)).lastError).toContain('No such mailbox');
    const retried = await statusOf(busy.id);
    expect(retried).toMatchObject({ status: 'queued', attempts: 1 });
    expect(retried.lastError).toContain('Try again later');
    // First retry: between 15 and 30 s later (30 s with jitter), not immediately.
    expect(retried.nextAttemptAt.getTime() - before).toBeGreaterThanOrEqual(15_000);
    expect(retried.nextAttemptAt.getTime() - before).toBeLessThan(31_000);
  });

  it('gives up after the last attempt', async () => {
    const busy = await enqueueMessage(database.db, { idempotencyKey: 'k-busy-last', channel: 'email', recipient: 'busy@example.com', subject: 'x', bodyText: 'x', maxAttempts: 1 });
    await drain();
    expect(await statusOf(busy.id)).toMatchObject({ status: 'failed', attempts: 1 });
    expect((await statusOf(busy.id)).lastError).toMatch(/gave up after 1 attempts: .*Try again later/);
  });

  it('signs webhooks and sends the message id as Idempotency-Key; a 4xx answer is permanent', async () => {
    const ok = await enqueueMessage(database.db, { idempotencyKey: 'hook-1', channel: 'webhook', recipient: 'crm-bot', subject: '提醒', bodyText: '续费提醒' });
    const refused = await enqueueMessage(database.db, { idempotencyKey: 'hook-2', channel: 'webhook', recipient: 'refuse', bodyText: 'x' });
    await drain();
    const request = hook.requests.find((item) => item.headers['idempotency-key'] === ok.id)!;
    expect(JSON.parse(request.body)).toMatchObject({ id: ok.id, idempotencyKey: 'hook-1', to: 'crm-bot', text: '续费提醒' });
    const signed = { timestamp: request.headers['x-weixi-timestamp'] as string, signature: request.headers['x-weixi-signature'] as string };
    expect(verifyWebhook(SECRET, signed, request.body)).toBe(true);
    expect(verifyWebhook('another-secret-entirely', signed, request.body)).toBe(false);
    expect(verifyWebhook(SECRET, signed, request.body.replace('续费', '退费'))).toBe(false);
    expect(await statusOf(ok.id)).toMatchObject({ status: 'sent' });
    expect(await statusOf(refused.id)).toMatchObject({ status: 'failed' });
    expect((await statusOf(refused.id)).lastError).toContain('HTTP 422');
  });

  it('never sends a message cancelled before sending', async () => {
    const later = await enqueueMessage(database.db, { idempotencyKey: 'cancel-me', channel: 'email', recipient: 'cancel@example.com', subject: 'x', bodyText: 'x' });
    await cancelMessage(database.db, systemActor, later.id);
    await drain();
    expect(smtp.received.some((mail) => mail.to.includes('cancel@example.com'))).toBe(false);
    expect(await statusOf(later.id)).toMatchObject({ status: 'cancelled', attempts: 0 });
    await expect(cancelMessage(database.db, systemActor, later.id)).rejects.toMatchObject({ code: 'message_not_cancellable' });
  });
});

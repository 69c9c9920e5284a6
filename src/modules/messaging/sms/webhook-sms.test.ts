import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmsConfig, type WebhookSmsConfig } from './sms-config.js';
import { smsMessage } from './test-peer/messages.js';
import { startWebhookPeer, type WebhookPeer } from './test-peer/webhook-peer.js';
import { signWebhookBody, verifyWebhookSignature } from './webhook-signature.js';
import { createWebhookSmsChannel } from './webhook-sms.js';

const SECRET = 'webhook-shared-secret-0123456789';

describe('generic SMS webhook adapter against a verifying gateway', () => {
  let peer: WebhookPeer;
  let config: WebhookSmsConfig;

  beforeAll(async () => {
    peer = await startWebhookPeer({ secret: SECRET });
    config = parseSmsConfig({ provider: 'webhook', url: `${peer.url}/sms`, secret: SECRET, timeoutMs: 500 }) as WebhookSmsConfig;
  });
  afterAll(() => peer.close());

  it('posts signed JSON with text, template and Chinese parameters, keyed by the message id', async () => {
    const message = smsMessage();
    const outcome = await createWebhookSmsChannel(config).send(message);
    expect(outcome).toMatchObject({ status: 'sent', providerMessageId: expect.any(String) });
    expect(peer.received.at(-1)).toEqual({
      idempotencyKey: message.id,
      payload: { id: message.id, idempotencyKey: message.idempotencyKey, to: '+8613800138000', text: message.text, templateCode: 'SMS_123456789', templateParams: message.templateParams },
    });
  });

  it('sends the same Idempotency-Key on a retry, so the gateway acknowledges without sending twice', async () => {
    const message = smsMessage();
    const channel = createWebhookSmsChannel(config);
    const first = await channel.send(message);
    const before = { received: peer.received.length, duplicates: peer.duplicates };
    const second = await channel.send(message);
    expect(second).toEqual(first);
    expect(peer.received.length).toBe(before.received);
    expect(peer.duplicates).toBe(before.duplicates + 1);
  });

  it('retries on 503 and a timeout, fails on 422 with the gateway message', async () => {
    const channel = createWebhookSmsChannel(config);
    peer.script.push({ kind: 'raw', status: 503, body: '', headers: { 'retry-after': '30' } });
    expect(await channel.send(smsMessage())).toEqual({ status: 'retry', reason: 'SMS webhook: HTTP 503', retryAfterMs: 30_000 });
    peer.script.push({ kind: 'hang', ms: 2_000 });
    expect((await channel.send(smsMessage())).status).toBe('retry');
    peer.script.push({ kind: 'reject', code: 'bad_number', message: '号码已停机' });
    expect(await channel.send(smsMessage())).toEqual({ status: 'failed', reason: 'SMS webhook: HTTP 422 bad_number: 号码已停机' });
  });

  it('is refused (401) with a wrong secret or a clock more than five minutes off', async () => {
    const wrong = await createWebhookSmsChannel({ ...config, secret: 'another-secret-0123456789' }).send(smsMessage());
    expect(wrong).toMatchObject({ status: 'retry', reason: 'SMS webhook: HTTP 401 signature mismatch' });
    const stale = await createWebhookSmsChannel(config, { now: () => new Date(Date.now() - 6 * 60_000) }).send(smsMessage());
    expect(stale).toMatchObject({ status: 'retry', reason: expect.stringContaining('HTTP 401 stale') });
  });

  it('is refused when the body is changed after signing', async () => {
    const timestamp = Math.floor(Date.now() / 1000);
    const body = JSON.stringify({ id: '1', idempotencyKey: 'k-tamper', to: '+8613800138000', text: '您好' });
    const response = await fetch(`${peer.url}/sms`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'idempotency-key': 'k-tamper', 'x-weixi-timestamp': String(timestamp), 'x-weixi-signature': signWebhookBody(SECRET, timestamp, body) },
      body: body.replace('您好', '中奖了'),
    });
    expect(response.status).toBe(401);
  });
});

describe('webhook signature verification (inbound replies from the gateway)', () => {
  const now = new Date('2026-02-01T08:00:00Z');
  const timestamp = String(now.getTime() / 1000);
  const body = '[{"from":"+8613800138000","text":"TD","receivedAt":"2026-02-01T08:00:00+08:00"}]';
  const signature = signWebhookBody(SECRET, Number(timestamp), body);

  it('accepts the signed body and refuses a changed body, another secret, an old timestamp or no headers', () => {
    expect(verifyWebhookSignature({ secret: SECRET, body, timestamp, signature, now })).toEqual({ ok: true });
    expect(verifyWebhookSignature({ secret: SECRET, body: body.replace('TD', 'OK'), timestamp, signature, now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret: `${SECRET}x`, body, timestamp, signature, now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifyWebhookSignature({ secret: SECRET, body, timestamp, signature, now: new Date(now.getTime() + 301_000) })).toEqual({ ok: false, reason: 'stale' });
    expect(verifyWebhookSignature({ secret: SECRET, body, timestamp: undefined, signature: undefined, now })).toEqual({ ok: false, reason: 'missing' });
  });
});

describe('one signature for both webhooks', () => {
  it('signs exactly like the generic webhook channel, so one gateway can verify both', async () => {
    const { signWebhook } = await import('../webhook-channel.js');
    expect(signWebhookBody(SECRET, 1767225600, '{"text":"您好"}')).toBe(signWebhook(SECRET, '1767225600', '{"text":"您好"}'));
  });
});

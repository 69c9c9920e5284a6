import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmsConfig, type TwilioSmsConfig } from './sms-config.js';
import { smsMessage } from './test-peer/messages.js';
import { startTwilioPeer, type TwilioPeer } from './test-peer/twilio-peer.js';
import { twilioSignature, verifyTwilioSignature } from './twilio-signature.js';
import { createTwilioSmsChannel } from './twilio-sms.js';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-test-auth-token';

describe('X-Twilio-Signature', () => {
  // The example of Twilio's "Webhooks security" page: token 12345, a voice webhook's fields.
  const documented = { CallSid: 'CA1234567890ABCDE', Caller: '+12349013030', Digits: '1234', From: '+12349013030', To: '+18005551212' };
  const url = 'https://mycompany.com/myapp.php?foo=1&bar=2';

  it('reproduces the documented signature', () => {
    expect(twilioSignature('12345', url, documented)).toBe('0/KCTR6DLpKmkAf8muzZqo1nDgQ=');
    expect(verifyTwilioSignature({ authToken: '12345', url, params: documented, signature: '0/KCTR6DLpKmkAf8muzZqo1nDgQ=' })).toBe(true);
  });

  it('rejects a changed field, another URL, another token and a missing header', () => {
    const signature = '0/KCTR6DLpKmkAf8muzZqo1nDgQ=';
    expect(verifyTwilioSignature({ authToken: '12345', url, params: { ...documented, Digits: '1235' }, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken: '12345', url: 'https://mycompany.com/myapp.php?foo=1&bar=3', params: documented, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken: '54321', url, params: documented, signature })).toBe(false);
    expect(verifyTwilioSignature({ authToken: '12345', url, params: documented, signature: undefined })).toBe(false);
  });

  it('accepts the https URL with or without its default port, as Twilio signs either', () => {
    const signedWithPort = twilioSignature('12345', 'https://mycompany.com:443/myapp.php?foo=1&bar=2', documented);
    expect(verifyTwilioSignature({ authToken: '12345', url, params: documented, signature: signedWithPort })).toBe(true);
    const signedWithout = twilioSignature('12345', url, documented);
    expect(verifyTwilioSignature({ authToken: '12345', url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2', params: documented, signature: signedWithout })).toBe(true);
  });
});

describe('Twilio adapter against the local Messages API peer', () => {
  let peer: TwilioPeer;
  let config: TwilioSmsConfig;

  beforeAll(async () => {
    peer = await startTwilioPeer({ accounts: { [ACCOUNT]: TOKEN } });
    config = parseSmsConfig({ provider: 'twilio', accountSid: ACCOUNT, authToken: TOKEN, from: '+14155550100', endpoint: peer.url, timeoutMs: 500 }) as TwilioSmsConfig;
  });
  afterAll(() => peer.close());

  it('sends the rendered text as Body, Chinese intact, and returns the message SID', async () => {
    const message = smsMessage({ to: '+14155550123' });
    const outcome = await createTwilioSmsChannel(config).send(message);
    expect(outcome).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^SM[0-9a-f]{32}$/) });
    expect(peer.received.at(-1)).toEqual({ accountSid: ACCOUNT, to: '+14155550123', from: '+14155550100', body: message.text });
  });

  it('uses the Messaging Service instead of a From number, and asks for status callbacks, when configured', async () => {
    const viaService = {
      ...config,
      from: undefined,
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      statusCallbackUrl: 'https://crm.example.com/api/messaging/sms/callback/status?token=abc',
    };
    await createTwilioSmsChannel(viaService).send(smsMessage());
    expect(peer.received.at(-1)).toMatchObject({
      messagingServiceSid: 'MG0123456789abcdef0123456789abcdef',
      from: undefined,
      statusCallback: 'https://crm.example.com/api/messaging/sms/callback/status?token=abc',
    });
  });

  it('fails for good on error 21211 (invalid number) and 21610 (recipient replied STOP)', async () => {
    peer.script.push({ kind: 'reject', code: '21211', message: "The 'To' number +8613800138000 is not a valid phone number." });
    expect(await createTwilioSmsChannel(config).send(smsMessage())).toEqual({
      status: 'failed',
      reason: "Twilio: 21211 The 'To' number +8613800138000 is not a valid phone number.",
    });
    peer.script.push({ kind: 'reject', code: '21610', message: 'Attempt to send to unsubscribed recipient' });
    expect((await createTwilioSmsChannel(config).send(smsMessage())).status).toBe('failed');
  });

  it('retries on 429 after Retry-After, on 5xx, on a timeout and on an abort', async () => {
    const channel = createTwilioSmsChannel(config);
    peer.script.push({ kind: 'reject', status: 429, code: '20429', message: 'Too Many Requests' });
    expect(await channel.send(smsMessage())).toEqual({ status: 'retry', reason: 'Twilio: 20429 Too Many Requests', retryAfterMs: 7_000 });
    peer.script.push({ kind: 'raw', status: 502, body: '<html>Bad Gateway</html>', headers: { 'content-type': 'text/html' } });
    expect(await channel.send(smsMessage())).toMatchObject({ status: 'retry', reason: expect.stringContaining('HTTP 502') });
    peer.script.push({ kind: 'hang', ms: 2_000 });
    expect(await channel.send(smsMessage())).toMatchObject({ status: 'retry', reason: expect.stringContaining('no answer') });
    peer.script.push({ kind: 'hang', ms: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await channel.send(smsMessage(), controller.signal)).toMatchObject({ status: 'retry', reason: expect.stringContaining('aborted') });
  });

  it('gets 401 (error 20003) with a wrong Auth Token and waits for the operator', async () => {
    const outcome = await createTwilioSmsChannel({ ...config, authToken: 'wrong' }).send(smsMessage());
    expect(outcome).toEqual({ status: 'retry', reason: 'Twilio: 20003 Authenticate', retryAfterMs: 15 * 60_000 });
  });

  it('verifies inbound webhooks signed the way Twilio signs them, and not tampered ones', () => {
    const url = 'https://crm.example.com/api/sms/twilio/inbound?tenant=1';
    const fields = { MessageSid: 'SM0123456789abcdef0123456789abcdef', AccountSid: ACCOUNT, From: '+14155550123', To: '+14155550100', Body: 'STOP 退订' };
    const signature = peer.signWebhook(TOKEN, url, fields);
    expect(verifyTwilioSignature({ authToken: TOKEN, url, params: new URLSearchParams(fields), signature })).toBe(true);
    expect(verifyTwilioSignature({ authToken: TOKEN, url, params: { ...fields, Body: 'hello' }, signature })).toBe(false);
  });
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signWebhook } from '../webhook-channel.js';
import { readSmsCallback } from './read-sms-callback.js';
import { parseSmsConfig } from './sms-config.js';
import { startTwilioPeer, type TwilioPeer } from './test-peer/twilio-peer.js';

const ACCOUNT = 'AC0123456789abcdef0123456789abcdef';
const TOKEN = 'twilio-test-auth-token';
const aliyun = parseSmsConfig({ provider: 'aliyun', accessKeyId: 'LTAI5t', accessKeySecret: 's', signName: '维系科技' });
const tencent = parseSmsConfig({ provider: 'tencent', secretId: 'AKID1', secretKey: 'k', smsSdkAppId: '1400006666', signName: '维系科技' });
const twilio = parseSmsConfig({ provider: 'twilio', accountSid: ACCOUNT, authToken: TOKEN, from: '+14155550100' });
const gateway = parseSmsConfig({ provider: 'webhook', url: 'https://sms.example.com/send', secret: 'gateway-shared-secret-0123' });

describe('readSmsCallback', () => {
  let peer: TwilioPeer;
  beforeAll(async () => {
    peer = await startTwilioPeer({ accounts: { [ACCOUNT]: TOKEN } });
  });
  afterAll(() => peer.close());

  it('takes an Aliyun SmsUp push and answers the way Aliyun expects', () => {
    const rawBody = JSON.stringify([{ phone_number: '13800138000', content: '退订', send_time: '2026-01-20 21:05:00', dest_code: '1', sequence_id: 7 }]);
    const result = readSmsCallback(aliyun, { kind: 'reply', rawBody, headers: {}, publicUrl: 'https://crm.example.com/cb' });
    expect(result).toMatchObject({ accepted: true, replies: [{ phone: '+8613800138000', optOut: true }], reports: [] });
    expect(JSON.parse(result.answer.body)).toEqual({ code: 0, msg: '接收成功' });
  });

  it('takes a Tencent status report', () => {
    const rawBody = JSON.stringify([{ user_receive_time: '2026-01-20 21:05:00', nationcode: '86', mobile: '13800138000', report_status: 'SUCCESS', errmsg: 'DELIVRD', description: '用户短信送达成功', sid: '2640:9' }]);
    const result = readSmsCallback(tencent, { kind: 'status', rawBody, headers: {}, publicUrl: 'https://crm.example.com/cb' });
    expect(result).toMatchObject({ accepted: true, reports: [{ providerMessageId: '2640:9', status: 'delivered' }] });
    expect(JSON.parse(result.answer.body)).toEqual({ result: 0, errmsg: 'OK' });
  });

  it('refuses a body that is not JSON or misses fields, with a 400 naming them', () => {
    expect(readSmsCallback(aliyun, { kind: 'reply', rawBody: '<xml/>', headers: {}, publicUrl: 'x' })).toMatchObject({ accepted: false, answer: { status: 400 } });
    const missing = readSmsCallback(tencent, { kind: 'reply', rawBody: '{"mobile":"13800138000"}', headers: {}, publicUrl: 'x' });
    expect(missing).toMatchObject({ accepted: false, answer: { status: 400 } });
    expect(missing.accepted === false && missing.reason).toContain('0.text');
  });

  it('takes a Twilio reply signed by Twilio and refuses it once a field is changed', () => {
    const publicUrl = 'https://crm.example.com/api/messaging/sms/callback/reply?token=abc';
    const fields = { MessageSid: 'SM1', AccountSid: ACCOUNT, From: '+14155550123', To: '+14155550100', Body: 'Stop' };
    const signature = peer.signWebhook(TOKEN, publicUrl, fields);
    const ok = readSmsCallback(twilio, { kind: 'reply', rawBody: new URLSearchParams(fields).toString(), headers: { 'x-twilio-signature': signature }, publicUrl });
    expect(ok).toMatchObject({ accepted: true, replies: [{ phone: '+14155550123', text: 'Stop', optOut: true }], answer: { status: 200, contentType: 'text/xml; charset=utf-8' } });
    const forged = new URLSearchParams({ ...fields, From: '+14155550999' }).toString();
    expect(readSmsCallback(twilio, { kind: 'reply', rawBody: forged, headers: { 'x-twilio-signature': signature }, publicUrl })).toMatchObject({ accepted: false, answer: { status: 403 } });
  });

  it('takes a signed gateway report and refuses a stale or unsigned one', () => {
    const now = new Date('2026-01-20T13:05:00Z');
    const timestamp = String(Math.floor(now.getTime() / 1000));
    const rawBody = JSON.stringify([{ messageId: 'm-1', status: 'undelivered', reason: '空号', at: '2026-01-20T21:05:00+08:00' }]);
    const headers = { 'x-weixi-timestamp': timestamp, 'x-weixi-signature': signWebhook('gateway-shared-secret-0123', timestamp, rawBody) };
    expect(readSmsCallback(gateway, { kind: 'status', rawBody, headers, publicUrl: 'x', now })).toMatchObject({
      accepted: true,
      reports: [{ messageId: 'm-1', status: 'undelivered', reason: '空号', at: now }],
    });
    expect(readSmsCallback(gateway, { kind: 'status', rawBody, headers, publicUrl: 'x', now: new Date(now.getTime() + 600_000) })).toMatchObject({ accepted: false, answer: { status: 401 } });
    expect(readSmsCallback(gateway, { kind: 'status', rawBody, headers: {}, publicUrl: 'x', now })).toMatchObject({ accepted: false, answer: { status: 401 } });
  });
});

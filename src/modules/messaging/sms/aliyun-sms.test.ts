import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAliyunSmsChannel } from './aliyun-sms.js';
import { aliyunPercentEncode, aliyunStringToSign, signAliyunRpc } from './aliyun-signature.js';
import { parseSmsConfig, type AliyunSmsConfig } from './sms-config.js';
import { type AliyunPeer, startAliyunPeer } from './test-peer/aliyun-peer.js';
import { smsMessage } from './test-peer/messages.js';

describe('Aliyun RPC signature', () => {
  // The worked example of Alibaba Cloud's "Signature mechanism" page (DescribeRegions, testid/testsecret).
  const documented = {
    AccessKeyId: 'testid',
    Action: 'DescribeRegions',
    Format: 'XML',
    SignatureMethod: 'HMAC-SHA1',
    SignatureNonce: '3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf',
    SignatureVersion: '1.0',
    Timestamp: '2016-02-23T12:46:24Z',
    Version: '2014-05-26',
  };

  it('reproduces the documented string to sign and signature', () => {
    expect(aliyunStringToSign('GET', documented)).toBe(
      'GET&%2F&AccessKeyId%3Dtestid%26Action%3DDescribeRegions%26Format%3DXML%26SignatureMethod%3DHMAC-SHA1' +
        '%26SignatureNonce%3D3ee8c1b8-83d3-44af-a94f-4e0ad82fd6cf%26SignatureVersion%3D1.0' +
        '%26Timestamp%3D2016-02-23T12%253A46%253A24Z%26Version%3D2014-05-26',
    );
    expect(signAliyunRpc('GET', documented, 'testsecret')).toBe('OLeaidS1JvxuMvnyHOwuJ+uX5qY=');
  });

  it('percent-encodes as RFC 3986 requires, not as HTML forms do', () => {
    expect(aliyunPercentEncode("a b*c~d!'()+")).toBe('a%20b%2Ac~d%21%27%28%29%2B');
    expect(aliyunPercentEncode('春')).toBe('%E6%98%A5');
  });
});

describe('Aliyun SMS adapter against the local Dysmsapi peer', () => {
  const keys = { LTAI5tTestKeyId: 'test-access-key-secret' };
  let peer: AliyunPeer;
  let config: AliyunSmsConfig;

  beforeAll(async () => {
    peer = await startAliyunPeer({ accessKeys: keys });
    config = parseSmsConfig({
      provider: 'aliyun',
      accessKeyId: 'LTAI5tTestKeyId',
      accessKeySecret: 'test-access-key-secret',
      signName: '维系科技',
      endpoint: `${peer.url}/`,
      timeoutMs: 500,
    }) as AliyunSmsConfig;
  });
  afterAll(() => peer.close());

  it('sends a template whose Chinese parameters arrive exactly, with the message id as OutId', async () => {
    const message = smsMessage();
    const outcome = await createAliyunSmsChannel(config).send(message);
    expect(outcome.status).toBe('sent');
    expect(outcome.status === 'sent' && outcome.providerMessageId).toMatch(/\^0$/);
    expect(peer.received.at(-1)).toEqual({
      phoneNumbers: '13800138000',
      signName: '维系科技',
      templateCode: 'SMS_123456789',
      templateParam: { name: '王小明', holiday: '春节 & 元宵 (100%)' },
      outId: message.id,
    });
  });

  it('sends international numbers as country code and number without "+"', async () => {
    await createAliyunSmsChannel(config).send(smsMessage({ to: '+85291234567' }));
    expect(peer.received.at(-1)?.phoneNumbers).toBe('85291234567');
  });

  it('retries when the number hits flow control (isv.BUSINESS_LIMIT_CONTROL)', async () => {
    peer.script.push({ kind: 'reject', code: 'isv.BUSINESS_LIMIT_CONTROL', message: '触发号码天级流控Permits:10' });
    expect(await createAliyunSmsChannel(config).send(smsMessage())).toEqual({
      status: 'retry',
      reason: 'Aliyun SMS: isv.BUSINESS_LIMIT_CONTROL 触发号码天级流控Permits:10',
      retryAfterMs: 60_000,
    });
  });

  it('fails for good, with the provider message, on a number the service calls illegal', async () => {
    const outcome = await createAliyunSmsChannel(config).send(smsMessage({ to: '+8612345' }));
    // Not a phone number at all: refused before any request.
    expect(outcome).toEqual({ status: 'failed', reason: 'Aliyun SMS: not a mobile number: +8612345' });
    peer.script.push({ kind: 'reject', code: 'isv.MOBILE_NUMBER_ILLEGAL', message: '非法手机号' });
    expect(await createAliyunSmsChannel(config).send(smsMessage())).toEqual({ status: 'failed', reason: 'Aliyun SMS: isv.MOBILE_NUMBER_ILLEGAL 非法手机号' });
  });

  it('fails without a template code: Aliyun sends only approved templates', async () => {
    const before = peer.requests;
    const outcome = await createAliyunSmsChannel(config).send(smsMessage({ templateCode: undefined }));
    expect(outcome.status).toBe('failed');
    expect(peer.requests).toBe(before);
  });

  it('retries on a 503 without a body, a timeout and an abort', async () => {
    const channel = createAliyunSmsChannel(config);
    peer.script.push({ kind: 'raw', status: 503, body: '' });
    expect((await channel.send(smsMessage())).status).toBe('retry');

    peer.script.push({ kind: 'hang', ms: 2_000 });
    const slow = await channel.send(smsMessage());
    expect(slow).toMatchObject({ status: 'retry', reason: 'Aliyun SMS: no answer within 500 ms' });

    peer.script.push({ kind: 'hang', ms: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await channel.send(smsMessage(), controller.signal)).toMatchObject({ status: 'retry', reason: 'Aliyun SMS: sending was aborted' });
  });

  it('is refused with SignatureDoesNotMatch under a wrong secret, and retries slowly', async () => {
    const wrong = createAliyunSmsChannel({ ...config, accessKeySecret: 'not-the-secret' });
    const outcome = await wrong.send(smsMessage());
    expect(outcome.status).toBe('retry');
    expect(outcome.status === 'retry' && outcome.reason).toContain('SignatureDoesNotMatch');
    expect(outcome.status === 'retry' && outcome.retryAfterMs).toBe(15 * 60_000);
  });

  it('is refused with InvalidTimeStamp.Expired when the clock is 20 minutes off', async () => {
    const skewed = createAliyunSmsChannel(config, { now: () => new Date(Date.now() - 20 * 60_000) });
    const outcome = await skewed.send(smsMessage());
    expect(outcome.status === 'retry' && outcome.reason).toContain('InvalidTimeStamp.Expired');
  });

  it('rejects a signed request whose parameter was changed in flight, and a replayed nonce', async () => {
    const params: Record<string, string> = {
      AccessKeyId: 'LTAI5tTestKeyId', Action: 'SendSms', Format: 'JSON', RegionId: 'cn-hangzhou', SignatureMethod: 'HMAC-SHA1',
      SignatureNonce: 'nonce-tamper-test', SignatureVersion: '1.0', Timestamp: new Date().toISOString().replace(/\.\d{3}Z$/, 'Z'),
      Version: '2017-05-25', PhoneNumbers: '13800138000', SignName: '维系科技', TemplateCode: 'SMS_123456789',
    };
    const signature = signAliyunRpc('GET', params, 'test-access-key-secret');
    const send = (changes: Record<string, string>) =>
      fetch(`${peer.url}/?${new URLSearchParams({ ...params, ...changes, Signature: signature })}`).then(async (response) => ({ status: response.status, body: (await response.json()) as { Code: string } }));

    const tampered = await send({ PhoneNumbers: '13900139000' });
    expect(tampered.status).toBe(400);
    expect(tampered.body.Code).toBe('SignatureDoesNotMatch');
    expect((await send({})).body.Code).toBe('OK');
    expect((await send({})).body.Code).toBe('SignatureNonceUsed');
  });
});

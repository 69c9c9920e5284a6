import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseSmsConfig, type TencentSmsConfig } from './sms-config.js';
import { signTc3 } from './tencent-signature.js';
import { createTencentSmsChannel, tencentTemplateParams } from './tencent-sms.js';
import { smsMessage } from './test-peer/messages.js';
import { startTencentPeer, type TencentPeer } from './test-peer/tencent-peer.js';

describe('TC3-HMAC-SHA256', () => {
  it('reproduces the worked example of the signature v3 document', () => {
    const payload = '{"Limit": 1, "Filters": [{"Values": ["\\u672a\\u547d\\u540d"], "Name": "instance-name"}]}';
    const signed = signTc3({
      secretId: 'AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE',
      secretKey: 'Gu5t9xGARNpq86cd98joQYCN3EXAMPLE',
      service: 'cvm',
      timestamp: 1551113065,
      signedHeaders: { 'content-type': 'application/json; charset=utf-8', host: 'cvm.tencentcloudapi.com' },
      payload,
    });
    expect(signed.canonicalRequest.endsWith('35e9c5b0e3ae67532d3c9f17ead6c90222632e5b1ff7f6e89887f1398934f064')).toBe(true);
    expect(createHash('sha256').update(signed.canonicalRequest).digest('hex')).toBe('5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(signed.stringToSign).toBe('TC3-HMAC-SHA256\n1551113065\n2019-02-25/cvm/tc3_request\n5ffe6a04c0664d6b969fab9a13bdab201d63ee709638e2749d62a09ca18d7031');
    expect(signed.authorization).toBe(
      'TC3-HMAC-SHA256 Credential=AKIDz8krbsJ5yKBZQpn74WFkmLPx3EXAMPLE/2019-02-25/cvm/tc3_request, SignedHeaders=content-type;host, Signature=72e494ea809ad7a8c8f7a4507b9bddcbaa8e581f516e8da2f66e2c5a96525168',
    );
  });
});

describe('Tencent template parameters', () => {
  it('orders numbered parameters numerically, not as text', () => {
    const params = Object.fromEntries(Array.from({ length: 11 }, (_, index) => [String(index + 1), `p${index + 1}`]));
    expect(tencentTemplateParams('1', params, {})).toEqual({ list: Array.from({ length: 11 }, (_, index) => `p${index + 1}`) });
  });

  it('orders named parameters by the configured order and names the missing ones', () => {
    expect(tencentTemplateParams('2001', { holiday: '春节', name: '王小明' }, { 2001: ['name', 'holiday'] })).toEqual({ list: ['王小明', '春节'] });
    expect(tencentTemplateParams('2001', { name: '王小明' }, { 2001: ['name', 'holiday'] })).toMatchObject({ outcome: { status: 'failed', reason: expect.stringContaining('holiday') } });
    expect(tencentTemplateParams('2002', { name: '王小明' }, {})).toMatchObject({ outcome: { status: 'failed' } });
  });
});

describe('Tencent Cloud SMS adapter against the local API 3.0 peer', () => {
  let peer: TencentPeer;
  let config: TencentSmsConfig;

  beforeAll(async () => {
    peer = await startTencentPeer({ secrets: { AKIDtestSecretId: 'test-secret-key' } });
    config = parseSmsConfig({
      provider: 'tencent',
      secretId: 'AKIDtestSecretId',
      secretKey: 'test-secret-key',
      smsSdkAppId: '1400006666',
      signName: '维系科技',
      endpoint: `${peer.url}/`,
      templateParamOrder: { 1110: ['name', 'holiday'] },
      timeoutMs: 500,
    }) as TencentSmsConfig;
  });
  afterAll(() => peer.close());

  it('sends positional Chinese parameters in template order, with the message id as SessionContext', async () => {
    const message = smsMessage({ templateCode: '1110' });
    const outcome = await createTencentSmsChannel(config).send(message);
    expect(outcome).toMatchObject({ status: 'sent', providerMessageId: expect.stringMatching(/^2640:/) });
    expect(peer.received.at(-1)).toEqual({
      phoneNumberSet: ['+8613800138000'],
      smsSdkAppId: '1400006666',
      signName: '维系科技',
      templateId: '1110',
      templateParamSet: ['王小明', '春节 & 元宵 (100%)'],
      sessionContext: message.id,
    });
  });

  it('retries when the number is rate-limited, with the limit as the wait', async () => {
    peer.script.push({ kind: 'reject', code: 'LimitExceeded.PhoneNumberOneHourLimit', message: '单个手机号1小时内下发短信条数超过设定的上限' });
    expect(await createTencentSmsChannel(config).send(smsMessage({ templateCode: '1110' }))).toEqual({
      status: 'retry',
      reason: 'Tencent Cloud SMS: LimitExceeded.PhoneNumberOneHourLimit 单个手机号1小时内下发短信条数超过设定的上限',
      retryAfterMs: 3_600_000,
    });
  });

  it('retries on a request-level InternalError and fails on a number in the blocklist', async () => {
    peer.script.push({ kind: 'reject', scope: 'request', code: 'InternalError.Timeout', message: '请求下发短信超时' });
    expect((await createTencentSmsChannel(config).send(smsMessage({ templateCode: '1110' }))).status).toBe('retry');
    peer.script.push({ kind: 'reject', code: 'FailedOperation.PhoneNumberInBlacklist', message: '手机号在免打扰名单库中' });
    expect(await createTencentSmsChannel(config).send(smsMessage({ templateCode: '1110' }))).toEqual({
      status: 'failed',
      reason: 'Tencent Cloud SMS: FailedOperation.PhoneNumberInBlacklist 手机号在免打扰名单库中',
    });
  });

  it('retries on a timeout and on an abort', async () => {
    const channel = createTencentSmsChannel(config);
    peer.script.push({ kind: 'hang', ms: 2_000 });
    expect(await channel.send(smsMessage({ templateCode: '1110' }))).toMatchObject({ status: 'retry', reason: expect.stringContaining('no answer within 500 ms') });
    peer.script.push({ kind: 'hang', ms: 2_000 });
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 50);
    expect(await channel.send(smsMessage({ templateCode: '1110' }), controller.signal)).toMatchObject({ status: 'retry', reason: expect.stringContaining('aborted') });
  });

  it('is refused with AuthFailure.SignatureFailure under a wrong key and AuthFailure.SignatureExpire with a stale clock', async () => {
    const wrongKey = await createTencentSmsChannel({ ...config, secretKey: 'wrong' }).send(smsMessage({ templateCode: '1110' }));
    expect(wrongKey).toMatchObject({ status: 'retry', reason: expect.stringContaining('AuthFailure.SignatureFailure'), retryAfterMs: 15 * 60_000 });
    const stale = await createTencentSmsChannel(config, { now: () => new Date(Date.now() - 10 * 60_000) }).send(smsMessage({ templateCode: '1110' }));
    expect(stale).toMatchObject({ status: 'retry', reason: expect.stringContaining('AuthFailure.SignatureExpire') });
  });

  it('rejects a signed request whose body was changed in flight', async () => {
    const host = new URL(peer.url).host;
    const timestamp = Math.floor(Date.now() / 1000);
    const payload = JSON.stringify({ PhoneNumberSet: ['+8613800138000'], SmsSdkAppId: '1400006666', TemplateId: '1110', TemplateParamSet: ['王小明'] });
    const contentType = 'application/json; charset=utf-8';
    const { authorization } = signTc3({ secretId: 'AKIDtestSecretId', secretKey: 'test-secret-key', service: 'sms', timestamp, signedHeaders: { 'content-type': contentType, host }, payload });
    const post = (body: string) =>
      fetch(peer.url, {
        method: 'POST',
        headers: { authorization, 'content-type': contentType, 'x-tc-action': 'SendSms', 'x-tc-version': '2021-01-11', 'x-tc-timestamp': String(timestamp) },
        body,
      }).then((response) => response.json() as Promise<{ Response: { Error?: { Code: string }; SendStatusSet?: { Code: string }[] } }>);

    expect((await post(payload.replace('王小明', '李雷'))).Response.Error?.Code).toBe('AuthFailure.SignatureFailure');
    expect((await post(payload)).Response.SendStatusSet?.[0]?.Code).toBe('Ok');
  });
});

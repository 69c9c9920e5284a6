import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../shared/errors.js';
import { createSmsChannel } from './create-sms-channel.js';
import { parseSmsConfig, redactSmsConfig } from './sms-config.js';

function issuesOf(input: unknown) {
  try {
    parseSmsConfig(input);
  } catch (error) {
    if (error instanceof ValidationError) return error.issues;
    throw error;
  }
  throw new Error('expected a validation error');
}

describe('SMS provider configuration', () => {
  it('names an unknown provider in both languages', () => {
    const [issue] = issuesOf({ provider: 'yunpian' });
    expect(issue?.path).toBe('provider');
    expect(issue?.message['zh-CN']).toContain('aliyun');
    expect(issue?.message['en-US']).toContain('must be one of');
  });

  it('names each missing or malformed field of the chosen provider', () => {
    const issues = issuesOf({ provider: 'tencent', secretId: 'AKID x', smsSdkAppId: 'app', endpoint: 'ftp://sms.local' });
    const byPath = Object.fromEntries(issues.map((issue) => [issue.path, issue.message]));
    expect(Object.keys(byPath).sort()).toEqual(['endpoint', 'secretId', 'secretKey', 'signName', 'smsSdkAppId']);
    expect(byPath.secretKey).toEqual({ 'zh-CN': '必填', 'en-US': 'is required' });
    expect(byPath.smsSdkAppId?.['zh-CN']).toBe('应为数字，如 1400006666');
  });

  it('requires exactly one Twilio sender and refuses unknown fields', () => {
    const base = { provider: 'twilio', accountSid: 'AC0123456789abcdef0123456789abcdef', authToken: 't' };
    expect(issuesOf(base).map((issue) => issue.path)).toEqual(['from']);
    expect(issuesOf({ ...base, from: '+14155550100', messagingServiceSid: 'MG0123456789abcdef0123456789abcdef' })[0]?.message['en-US']).toBe(
      'give exactly one of from and messagingServiceSid',
    );
    expect(issuesOf({ ...base, from: '+14155550100', password: 'x' })).toMatchObject([{ path: 'password', code: 'unrecognized_keys' }]);
  });

  it('fills the real endpoints and a 10 s timeout by default', () => {
    expect(parseSmsConfig({ provider: 'aliyun', accessKeyId: 'LTAI5t', accessKeySecret: 's', signName: '维系' })).toMatchObject({
      endpoint: 'https://dysmsapi.aliyuncs.com/',
      regionId: 'cn-hangzhou',
      timeoutMs: 10_000,
    });
  });

  it('never shows a secret once stored', () => {
    const config = parseSmsConfig({ provider: 'webhook', url: 'https://sms.example.com/send', secret: 'a-very-long-shared-secret' });
    expect(redactSmsConfig(config)).toEqual({ provider: 'webhook', url: 'https://sms.example.com/send', secret: '********', timeoutMs: 10_000 });
    expect(JSON.stringify(redactSmsConfig(config))).not.toContain('a-very-long-shared-secret');
  });

  it('builds the channel of the configured provider, and none from a bad configuration', () => {
    expect(createSmsChannel({ provider: 'webhook', url: 'https://sms.example.com/send', secret: 'a-very-long-shared-secret' }).kind).toBe('sms');
    expect(() => createSmsChannel({ provider: 'aliyun' })).toThrow(ValidationError);
  });
});

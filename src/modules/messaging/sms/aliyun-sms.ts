import { randomUUID } from 'node:crypto';
import type { Channel } from '../channel.js';
import { type CodeClass, httpAttempt, outcomeForCode, parseJson, unreadableReply } from './http-attempt.js';
import { aliyunPercentEncode, aliyunTimestamp, signAliyunRpc } from './aliyun-signature.js';
import type { AliyunSmsConfig } from './sms-config.js';
import { type AdapterOptions, smsChannel } from './sms-channel.js';

const PROVIDER = 'Aliyun SMS';

/**
 * Aliyun SMS (Dysmsapi 2017-05-25, SendSms). Sends only approved templates: TemplateCode is
 * the message's templateCode and TemplateParam its templateParams as a JSON object by
 * name ({"name":"王小明"}); the rendered text is not sent. OutId carries the message id so
 * delivery reports (SmsReport) point back at it.
 */
export function createAliyunSmsChannel(config: AliyunSmsConfig, options: AdapterOptions = {}): Channel {
  const now = options.now ?? (() => new Date());
  return smsChannel(PROVIDER, true, async (message, target, signal) => {
    const params: Record<string, string> = {
      AccessKeyId: config.accessKeyId,
      Action: 'SendSms',
      Format: 'JSON',
      RegionId: config.regionId,
      SignatureMethod: 'HMAC-SHA1',
      // A fresh nonce per attempt: the service refuses a nonce it has seen (SignatureNonceUsed).
      SignatureNonce: randomUUID(),
      SignatureVersion: '1.0',
      Timestamp: aliyunTimestamp(now()),
      Version: '2017-05-25',
      PhoneNumbers: aliyunPhoneNumber(target.phone),
      SignName: config.signName,
      TemplateCode: target.templateCode,
      OutId: message.id,
    };
    if (message.templateParams && Object.keys(message.templateParams).length > 0) {
      params.TemplateParam = JSON.stringify(message.templateParams);
    }
    params.Signature = signAliyunRpc('POST', params, config.accessKeySecret);
    const body = Object.entries(params)
      .map(([name, value]) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(value)}`)
      .join('&');

    const attempt = await httpAttempt(PROVIDER, {
      url: config.endpoint,
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
      body,
      timeoutMs: config.timeoutMs,
      signal,
    });
    if ('outcome' in attempt) return attempt.outcome;
    const reply = parseJson(attempt.reply.text) as { Code?: unknown; Message?: unknown; BizId?: unknown } | undefined;
    if (!reply || typeof reply.Code !== 'string') return unreadableReply(PROVIDER, attempt.reply);
    if (reply.Code === 'OK') return { status: 'sent', providerMessageId: typeof reply.BizId === 'string' ? reply.BizId : undefined };
    const reason = `${PROVIDER}: ${reply.Code} ${typeof reply.Message === 'string' ? reply.Message : ''}`.trim();
    return outcomeForCode(classifyAliyunCode(reply.Code), reason, reply.Code === 'isv.BUSINESS_LIMIT_CONTROL' ? 60_000 : undefined);
  });
}

/** Mainland numbers as 11 digits; others as country code + number without "+" (the API's forms). */
function aliyunPhoneNumber(e164: string): string {
  return e164.startsWith('+86') ? e164.slice(3) : e164.slice(1);
}

const ALIYUN_CODES: Record<string, CodeClass> = {
  // Per-number flow control (1/min, 5/h, 10/day by default) and platform throttling.
  'isv.BUSINESS_LIMIT_CONTROL': 'transient',
  SignatureNonceUsed: 'transient',
  ServiceUnavailable: 'transient',
  InternalError: 'transient',
  // The request was fine; the account or its credentials are not (fixable in settings or by paying).
  SignatureDoesNotMatch: 'account',
  IncompleteSignature: 'account',
  'InvalidAccessKeyId.NotFound': 'account',
  'InvalidAccessKeyId.Inactive': 'account',
  'InvalidTimeStamp.Expired': 'account',
  'isv.OUT_OF_SERVICE': 'account',
  'isv.AMOUNT_NOT_ENOUGH': 'account',
  'isv.DAY_LIMIT_CONTROL': 'account',
  'isv.MONTH_LIMIT_CONTROL': 'account',
  'isv.ACCOUNT_ABNORMAL': 'account',
  'isv.ACCOUNT_NOT_EXISTS': 'account',
  'isv.PRODUCT_UN_SUBSCRIPT': 'account',
  'isv.PRODUCT_UNSUBSCRIBE': 'account',
  'isp.RAM_PERMISSION_DENY': 'account',
};

/** Unknown isv.* (the message or template is wrong) are permanent; isp.* and throttling are not. */
export function classifyAliyunCode(code: string): CodeClass {
  const known = ALIYUN_CODES[code];
  if (known) return known;
  if (code.startsWith('isp.') || code.startsWith('Throttling')) return 'transient';
  return 'permanent';
}

import type { Channel, SendOutcome } from '../channel.js';
import { type CodeClass, httpAttempt, outcomeForCode, parseJson, unreadableReply } from './http-attempt.js';
import type { TencentSmsConfig } from './sms-config.js';
import { type AdapterOptions, smsChannel } from './sms-channel.js';
import { signTc3 } from './tencent-signature.js';

const PROVIDER = 'Tencent Cloud SMS';

type SendStatus = { Code?: unknown; Message?: unknown; SerialNo?: unknown };
type TencentReply = { Response?: { Error?: { Code?: unknown; Message?: unknown }; SendStatusSet?: SendStatus[] } };

/**
 * Tencent Cloud SMS (API 3.0 SendSms, version 2021-01-11). TemplateId is the message's
 * templateCode; TemplateParamSet is positional ({1}, {2} … in the template), taken from
 * templateParams keyed "1", "2" … or ordered by the config's templateParamOrder.
 * SessionContext carries the message id; the service echoes it back.
 */
export function createTencentSmsChannel(config: TencentSmsConfig, options: AdapterOptions = {}): Channel {
  const now = options.now ?? (() => new Date());
  const host = new URL(config.endpoint).host;
  return smsChannel(PROVIDER, true, async (message, target, signal) => {
    const params = tencentTemplateParams(target.templateCode, message.templateParams ?? {}, config.templateParamOrder);
    if ('outcome' in params) return params.outcome;

    const payload = JSON.stringify({
      PhoneNumberSet: [target.phone],
      SmsSdkAppId: config.smsSdkAppId,
      SignName: config.signName,
      TemplateId: target.templateCode,
      TemplateParamSet: params.list,
      SessionContext: message.id,
    });
    const timestamp = Math.floor(now().getTime() / 1000);
    const contentType = 'application/json; charset=utf-8';
    const { authorization } = signTc3({
      secretId: config.secretId,
      secretKey: config.secretKey,
      service: 'sms',
      timestamp,
      signedHeaders: { 'content-type': contentType, host, 'x-tc-action': 'SendSms' },
      payload,
    });
    const attempt = await httpAttempt(PROVIDER, {
      url: config.endpoint,
      method: 'POST',
      headers: {
        authorization,
        'content-type': contentType,
        'x-tc-action': 'SendSms',
        'x-tc-timestamp': String(timestamp),
        'x-tc-version': '2021-01-11',
        'x-tc-region': config.region,
      },
      body: payload,
      timeoutMs: config.timeoutMs,
      signal,
    });
    if ('outcome' in attempt) return attempt.outcome;
    const reply = parseJson(attempt.reply.text) as TencentReply | undefined;
    const response = reply?.Response;
    if (!response) return unreadableReply(PROVIDER, attempt.reply);
    const error = response.Error ?? response.SendStatusSet?.[0];
    if (!error || typeof error.Code !== 'string') return unreadableReply(PROVIDER, attempt.reply);
    if (error.Code === 'Ok') {
      const serialNo = (error as SendStatus).SerialNo;
      return { status: 'sent', providerMessageId: typeof serialNo === 'string' ? serialNo : undefined };
    }
    const reason = `${PROVIDER}: ${error.Code} ${typeof error.Message === 'string' ? error.Message : ''}`.trim();
    return outcomeForCode(classifyTencentCode(error.Code), reason, TENCENT_RETRY_MS[error.Code]);
  });
}

/** Positional parameters: numeric keys in order, or names in the configured order. */
export function tencentTemplateParams(
  templateId: string,
  params: Record<string, string>,
  order: Record<string, string[]>,
): { list: string[] } | { outcome: SendOutcome } {
  const names = Object.keys(params);
  if (names.every((name) => /^\d+$/.test(name))) {
    return { list: names.sort((a, b) => Number(a) - Number(b)).map((name) => params[name]!) };
  }
  const configured = order[templateId];
  if (!configured) {
    return {
      outcome: {
        status: 'failed',
        reason: `${PROVIDER}: template ${templateId} takes positional parameters; name them "1", "2" … or set templateParamOrder for it`,
      },
    };
  }
  const missing = configured.filter((name) => params[name] === undefined);
  if (missing.length > 0) {
    return { outcome: { status: 'failed', reason: `${PROVIDER}: template ${templateId} needs parameters: ${missing.join(', ')}` } };
  }
  return { list: configured.map((name) => params[name]!) };
}

const TENCENT_RETRY_MS: Record<string, number> = {
  'LimitExceeded.PhoneNumberThirtySecondLimit': 30_000,
  'LimitExceeded.PhoneNumberOneHourLimit': 3_600_000,
  'LimitExceeded.PhoneNumberDailyLimit': 3_600_000,
  'FailedOperation.MarketingSendTimeConstraint': 3_600_000,
};

export function classifyTencentCode(code: string): CodeClass {
  if (code === 'FailedOperation.InsufficientBalanceInSmsPackage') return 'account';
  if (code === 'FailedOperation.MarketingSendTimeConstraint') return 'transient';
  if (code.startsWith('AuthFailure') || code.startsWith('UnauthorizedOperation')) return 'account';
  if (code.startsWith('InternalError') || code.startsWith('RequestLimitExceeded') || code.startsWith('LimitExceeded')) return 'transient';
  return 'permanent';
}

import type { Channel } from '../channel.js';
import { httpAttempt, outcomeForCode, parseJson, retryAfterMs, unreadableReply, type CodeClass } from './http-attempt.js';
import type { TwilioSmsConfig } from './sms-config.js';
import { smsChannel } from './sms-channel.js';

const PROVIDER = 'Twilio';

type TwilioReply = { sid?: unknown; code?: unknown; message?: unknown; status?: unknown };

/**
 * Twilio Programmable Messaging (POST /2010-04-01/Accounts/{Sid}/Messages.json, form-encoded,
 * HTTP Basic auth with the Account SID and Auth Token). Twilio has no templates: Body is the
 * message's rendered text.
 */
export function createTwilioSmsChannel(config: TwilioSmsConfig): Channel {
  const base = config.endpoint.replace(/\/+$/, '');
  const url = `${base}/2010-04-01/Accounts/${config.accountSid}/Messages.json`;
  const authorization = `Basic ${Buffer.from(`${config.accountSid}:${config.authToken}`, 'utf8').toString('base64')}`;
  return smsChannel(PROVIDER, false, async (message, target, signal) => {
    if (!message.text.trim()) return { status: 'failed', reason: `${PROVIDER}: the message has no text` };
    const form = new URLSearchParams({ To: target.phone, Body: message.text });
    if (config.messagingServiceSid) form.set('MessagingServiceSid', config.messagingServiceSid);
    else form.set('From', config.from!);
    if (config.statusCallbackUrl) form.set('StatusCallback', config.statusCallbackUrl);

    const attempt = await httpAttempt(PROVIDER, {
      url,
      method: 'POST',
      headers: { authorization, 'content-type': 'application/x-www-form-urlencoded; charset=utf-8', accept: 'application/json' },
      body: form.toString(),
      timeoutMs: config.timeoutMs,
      signal,
    });
    if ('outcome' in attempt) return attempt.outcome;
    const { reply } = attempt;
    const body = parseJson(reply.text) as TwilioReply | undefined;
    if (reply.status >= 200 && reply.status < 300 && typeof body?.sid === 'string') {
      return { status: 'sent', providerMessageId: body.sid };
    }
    if (!body || typeof body.code !== 'number') return unreadableReply(PROVIDER, reply);
    const reason = `${PROVIDER}: ${body.code} ${typeof body.message === 'string' ? body.message : ''}`.trim();
    return outcomeForCode(classifyTwilioError(reply.status, body.code), reason, retryAfterMs(reply.headers));
  });
}

/** 429 and 5xx pass; 401/403 and an inactive account wait for the operator; other 4xx are final. */
export function classifyTwilioError(httpStatus: number, code: number): CodeClass {
  if (httpStatus === 429 || httpStatus >= 500) return 'transient';
  if (httpStatus === 401 || httpStatus === 403 || code === 20003 || code === 20005) return 'account';
  return 'permanent';
}

import { AppError, ValidationError } from '../../../shared/errors.js';
import type { ParsedCallback } from './callback-fields.js';
import {
  type DeliveryReport,
  parseAliyunSmsReport,
  parseTencentStatusReport,
  parseTwilioStatusCallback,
  parseWebhookStatusReport,
} from './delivery-reports.js';
import { CALLBACK_ACK, type InboundSms, parseAliyunSmsUp, parseTencentSmsReply, parseTwilioInbound, parseWebhookInbound } from './inbound-replies.js';
import type { SmsConfig } from './sms-config.js';
import { verifyTwilioSignature } from './twilio-signature.js';
import { verifyWebhookSignature, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './webhook-signature.js';

export type SmsCallbackKind = 'reply' | 'status';

export type SmsCallbackRequest = {
  kind: SmsCallbackKind;
  /** The body exactly as received: signatures cover bytes, not re-serialised JSON or forms. */
  rawBody: string;
  headers: Record<string, string | string[] | undefined>;
  /** The URL the provider was told to call (public, behind any proxy); Twilio signs it. */
  publicUrl: string;
  now?: Date;
};

export type HttpAnswer = { status: number; contentType: string; body: string };

export type SmsCallbackResult =
  | { accepted: true; replies: InboundSms[]; reports: DeliveryReport[]; skipped: ParsedCallback<unknown>['skipped']; answer: HttpAnswer }
  | { accepted: false; reason: string; answer: HttpAnswer };

/**
 * One provider callback, start to finish for a route: checks the signature where the
 * provider signs (Twilio, the generic gateway), parses the body, and says what to answer.
 * Aliyun and Tencent do not sign their pushes: their route must carry an unguessable token
 * (checked by the caller) — see docs/sms-providers.md. A refused callback records nothing.
 */
export function readSmsCallback(config: SmsConfig, request: SmsCallbackRequest): SmsCallbackResult {
  const header = (name: string) => {
    const value = request.headers[name] ?? request.headers[name.toLowerCase()];
    return Array.isArray(value) ? value[0] : value;
  };
  try {
    switch (config.provider) {
      case 'aliyun': {
        const body = parseJsonBody(request.rawBody);
        return accepted(request.kind === 'reply' ? parseAliyunSmsUp(body) : parseAliyunSmsReport(body), request.kind, CALLBACK_ACK.aliyun);
      }
      case 'tencent': {
        const body = parseJsonBody(request.rawBody);
        return accepted(request.kind === 'reply' ? parseTencentSmsReply(body) : parseTencentStatusReport(body), request.kind, CALLBACK_ACK.tencent);
      }
      case 'twilio': {
        const form = new URLSearchParams(request.rawBody);
        const signature = header('x-twilio-signature');
        if (!verifyTwilioSignature({ authToken: config.authToken, url: request.publicUrl, params: form, signature })) {
          return refused(403, 'X-Twilio-Signature does not match');
        }
        const parsed = request.kind === 'reply' ? parseTwilioInbound(form, request.now) : parseTwilioStatusCallback(form, request.now);
        return { ...accepted(parsed, request.kind, ''), answer: { status: 200, contentType: 'text/xml; charset=utf-8', body: CALLBACK_ACK.twilio } };
      }
      case 'webhook': {
        const verified = verifyWebhookSignature({
          secret: config.secret,
          body: request.rawBody,
          timestamp: header(WEBHOOK_TIMESTAMP_HEADER),
          signature: header(WEBHOOK_SIGNATURE_HEADER),
          now: request.now,
        });
        if (!verified.ok) return refused(401, `webhook signature ${verified.reason}`);
        const body = parseJsonBody(request.rawBody);
        return accepted(request.kind === 'reply' ? parseWebhookInbound(body) : parseWebhookStatusReport(body), request.kind, CALLBACK_ACK.webhook);
      }
    }
  } catch (error) {
    if (error instanceof ValidationError || error instanceof AppError) return refused(400, `${error.message}: ${describeIssues(error)}`);
    throw error;
  }
}

function parseJsonBody(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    throw new AppError('invalid_json', { 'zh-CN': '回调内容不是有效的 JSON', 'en-US': 'the callback body is not valid JSON' });
  }
}

function accepted(parsed: ParsedCallback<InboundSms> | ParsedCallback<DeliveryReport>, kind: SmsCallbackKind, ack: unknown): SmsCallbackResult {
  const items = parsed.items as (InboundSms | DeliveryReport)[];
  return {
    accepted: true,
    replies: kind === 'reply' ? (items as InboundSms[]) : [],
    reports: kind === 'status' ? (items as DeliveryReport[]) : [],
    skipped: parsed.skipped,
    answer: { status: 200, contentType: 'application/json; charset=utf-8', body: JSON.stringify(ack) },
  };
}

function refused(status: number, reason: string): SmsCallbackResult {
  return { accepted: false, reason, answer: { status, contentType: 'application/json; charset=utf-8', body: JSON.stringify({ error: reason }) } };
}

function describeIssues(error: AppError): string {
  return error instanceof ValidationError ? error.issues.map((issue) => `${issue.path || '(body)'} ${issue.message['en-US']}`).join('; ') : error.messages['en-US'];
}

import type { Channel } from '../channel.js';
import { httpAttempt, outcomeForCode, parseJson, retryAfterMs } from './http-attempt.js';
import type { WebhookSmsConfig } from './sms-config.js';
import { type AdapterOptions, smsChannel } from './sms-channel.js';
import { signWebhookBody, WEBHOOK_SIGNATURE_HEADER, WEBHOOK_TIMESTAMP_HEADER } from './webhook-signature.js';

const PROVIDER = 'SMS webhook';

/** What the gateway receives (JSON). It picks whichever of text or template it can send. */
export type WebhookSmsPayload = {
  id: string;
  idempotencyKey: string;
  to: string;
  text: string;
  templateCode?: string;
  templateParams?: Record<string, string>;
};

/**
 * A customer's own SMS gateway: signed JSON POST (see webhook-signature.ts) with an
 * Idempotency-Key header (the message id, as the generic webhook channel sends it) that
 * stays the same across retries, so the gateway can drop a repeat. 2xx (and 409 "already
 * have it") is sent; 408/429/5xx retry; other 4xx fail.
 */
export function createWebhookSmsChannel(config: WebhookSmsConfig, options: AdapterOptions = {}): Channel {
  const now = options.now ?? (() => new Date());
  return smsChannel(PROVIDER, false, async (message, target, signal) => {
    const payload: WebhookSmsPayload = { id: message.id, idempotencyKey: message.idempotencyKey, to: target.phone, text: message.text };
    if (message.templateCode) payload.templateCode = message.templateCode;
    if (message.templateParams) payload.templateParams = message.templateParams;
    const body = JSON.stringify(payload);
    const timestamp = Math.floor(now().getTime() / 1000);

    const attempt = await httpAttempt(PROVIDER, {
      url: config.url,
      method: 'POST',
      headers: {
        'content-type': 'application/json; charset=utf-8',
        'idempotency-key': message.id,
        [WEBHOOK_TIMESTAMP_HEADER]: String(timestamp),
        [WEBHOOK_SIGNATURE_HEADER]: signWebhookBody(config.secret, timestamp, body),
      },
      body,
      timeoutMs: config.timeoutMs,
      signal,
    });
    if ('outcome' in attempt) return attempt.outcome;
    const { reply } = attempt;
    const answer = parseJson(reply.text) as { messageId?: unknown; error?: unknown } | undefined;
    if ((reply.status >= 200 && reply.status < 300) || reply.status === 409) {
      return { status: 'sent', providerMessageId: typeof answer?.messageId === 'string' ? answer.messageId : undefined };
    }
    const detail = typeof answer?.error === 'string' ? answer.error : reply.text.slice(0, 200);
    const reason = `${PROVIDER}: HTTP ${reply.status} ${detail}`.trim();
    if (reply.status === 408 || reply.status === 429 || reply.status >= 500) return outcomeForCode('transient', reason, retryAfterMs(reply.headers));
    return outcomeForCode(reply.status === 401 || reply.status === 403 ? 'account' : 'permanent', reason);
  });
}

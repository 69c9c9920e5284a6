import { createHmac, timingSafeEqual } from 'node:crypto';
import type { Channel, OutgoingMessage, SendOutcome } from './channel.js';
import type { WebhookSettings } from './channel-settings.js';
import { createHttpClient, type HttpAnswer } from './http-post.js';

const TIMEOUT_MS = 15_000;

/** HMAC-SHA256 over "<timestamp>.<body>", hex, as sent in X-Weixi-Signature (sha256=…). */
export function signWebhook(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

/** For receivers (and tests): is this request really from us, and recent? */
export function verifyWebhook(secret: string, headers: { timestamp?: string; signature?: string }, body: string, toleranceMs = 5 * 60_000): boolean {
  if (!headers.timestamp || !headers.signature) return false;
  if (Math.abs(Date.now() - Number(headers.timestamp) * 1000) > toleranceMs) return false;
  const expected = Buffer.from(signWebhook(secret, headers.timestamp, body));
  const given = Buffer.from(headers.signature);
  return expected.length === given.length && timingSafeEqual(expected, given);
}

function retryAfter(response: HttpAnswer): number | undefined {
  const value = response.header('retry-after');
  return value && /^\d+$/.test(value) ? Number(value) * 1000 : undefined;
}

/**
 * A signed JSON POST per message. 2xx is sent; 408, 429 and 5xx are retried (honouring
 * Retry-After); any other answer is permanent. Idempotency-Key is the message id, the same
 * on every retry, so the receiver can drop a repeat.
 */
export function createWebhookChannel(settings: WebhookSettings): Channel & { close(): void } {
  const client = createHttpClient();
  return {
    close: () => client.close(),
    kind: 'webhook',
    async send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome> {
      const body = JSON.stringify({
        id: message.id,
        idempotencyKey: message.idempotencyKey,
        to: message.to,
        subject: message.subject,
        text: message.text,
        html: message.html,
        templateCode: message.templateCode,
        templateParams: message.templateParams,
      });
      const timestamp = String(Math.floor(Date.now() / 1000));
      try {
        const response = await client.post(settings.url, body, {
          'content-type': 'application/json; charset=utf-8',
          'idempotency-key': message.id,
          'x-weixi-timestamp': timestamp,
          'x-weixi-signature': signWebhook(settings.secret, timestamp, body),
        }, { timeoutMs: TIMEOUT_MS, signal });
        if (response.status >= 200 && response.status < 300) return { status: 'sent', providerMessageId: response.header('x-message-id') };
        const reason = `HTTP ${response.status}: ${response.text.slice(0, 300)}`;
        if (response.status === 408 || response.status === 429 || response.status >= 500) return { status: 'retry', reason, retryAfterMs: retryAfter(response) };
        return { status: 'failed', reason };
      } catch (error) {
        // Timeouts, resets and refused connections: the message may or may not have arrived.
        return { status: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Weixi's own signature for the generic SMS webhook, both directions (outgoing messages to
 * a customer's gateway, inbound replies from it) — the same scheme as the generic webhook
 * channel (../webhook-channel.ts), so one receiver implementation serves both:
 *   X-Weixi-Timestamp: unix seconds
 *   X-Weixi-Signature: sha256=hex(HMAC-SHA256(secret, timestamp + "." + raw body))
 * The timestamp is inside the MAC so a captured request cannot be replayed later.
 */
export const WEBHOOK_TIMESTAMP_HEADER = 'x-weixi-timestamp';
export const WEBHOOK_SIGNATURE_HEADER = 'x-weixi-signature';
export const WEBHOOK_TOLERANCE_SECONDS = 300;

export function signWebhookBody(secret: string, timestamp: number, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

export type WebhookVerification = { ok: true } | { ok: false; reason: 'missing' | 'stale' | 'mismatch' };

export function verifyWebhookSignature(options: {
  secret: string;
  body: string;
  timestamp: string | undefined;
  signature: string | undefined;
  now?: Date;
}): WebhookVerification {
  if (!options.timestamp || !options.signature || !/^\d{1,12}$/.test(options.timestamp)) return { ok: false, reason: 'missing' };
  const seconds = Number(options.timestamp);
  const nowSeconds = Math.floor((options.now ?? new Date()).getTime() / 1000);
  if (Math.abs(nowSeconds - seconds) > WEBHOOK_TOLERANCE_SECONDS) return { ok: false, reason: 'stale' };
  const expected = Buffer.from(signWebhookBody(options.secret, seconds, options.body), 'utf8');
  const given = Buffer.from(options.signature, 'utf8');
  return expected.length === given.length && timingSafeEqual(expected, given) ? { ok: true } : { ok: false, reason: 'mismatch' };
}

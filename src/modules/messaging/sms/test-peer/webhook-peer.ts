import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { header, json, nextScripted, type PeerHandle, type PeerReply, type PeerRequest, startPeerServer } from './peer-server.js';

/**
 * A customer's SMS gateway as docs/sms-providers.md describes it: checks the HMAC over
 * "timestamp.body" and the timestamp's age (401 otherwise), and keeps the first answer per
 * Idempotency-Key so a resent message is acknowledged but not sent twice.
 */
export type WebhookReceived = { idempotencyKey: string; payload: Record<string, unknown> };
export type WebhookPeer = PeerHandle & { received: WebhookReceived[]; duplicates: number };

export async function startWebhookPeer(options: { secret: string; now?: () => Date }): Promise<WebhookPeer> {
  const received: WebhookReceived[] = [];
  const answered = new Map<string, string>();
  const now = options.now ?? (() => new Date());
  const peer: WebhookPeer = Object.assign(await startPeerServer((request, handle) => answer(request, handle)), { received, duplicates: 0 });
  return peer;

  async function answer(request: PeerRequest, handle: PeerHandle): Promise<PeerReply> {
    const timestamp = header(request.headers, 'x-weixi-timestamp') ?? '';
    const signature = header(request.headers, 'x-weixi-signature') ?? '';
    if (!/^\d+$/.test(timestamp) || Math.abs(now().getTime() / 1000 - Number(timestamp)) > 300) return json(401, { error: 'stale or missing timestamp' });
    const mac = createHmac('sha256', options.secret);
    mac.update(timestamp + '.');
    mac.update(request.raw);
    const expected = Buffer.from('sha256=' + mac.digest('hex'));
    const given = Buffer.from(signature);
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return json(401, { error: 'signature mismatch' });

    const key = header(request.headers, 'idempotency-key');
    if (!key) return json(400, { error: 'Idempotency-Key header is required' });
    const earlier = answered.get(key);
    if (earlier) {
      peer.duplicates += 1;
      return json(200, { messageId: earlier, duplicate: true });
    }
    const scripted = await nextScripted(handle);
    if (scripted?.kind === 'raw') return { status: scripted.status, body: scripted.body, headers: scripted.headers };
    if (scripted?.kind === 'reject') return json(scripted.status ?? 422, { error: `${scripted.code}: ${scripted.message}` });

    const messageId = randomUUID();
    answered.set(key, messageId);
    received.push({ idempotencyKey: key, payload: JSON.parse(request.raw.toString('utf8')) as Record<string, unknown> });
    return json(200, { messageId });
  }
}

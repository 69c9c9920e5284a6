import { createHmac, timingSafeEqual } from 'node:crypto';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { applyDeliveryReports, applyInboundReplies } from './apply-sms-callback.js';
import { readChannelSettings } from './channel-settings.js';
import { readSmsCallback } from './sms/read-sms-callback.js';
import { parseSmsConfig } from './sms/sms-config.js';
import { unsubscribeKey } from './unsubscribe-token.js';

/** The secret part of the callback URLs: Aliyun and Tencent do not sign their pushes. */
export async function smsCallbackToken(db: Db): Promise<string> {
  return createHmac('sha256', await unsubscribeKey(db)).update('sms-callback').digest('base64url').slice(0, 32);
}

function sameToken(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/**
 * Where SMS providers push delivery reports (`status`) and customers' replies (`reply`).
 * Outside /api: providers do not sign in. The token in the URL (GET /api/v1/messaging/sms/callbacks
 * shows the URLs to give the provider) and, for Twilio and the gateway, the provider's
 * signature over the raw body decide whether anything is recorded.
 */
export const smsCallbackRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  // Signatures cover the bytes as sent: keep the body as text.
  app.removeContentTypeParser(['application/json']);
  app.addContentTypeParser(['application/json', 'application/x-www-form-urlencoded'], { parseAs: 'string' }, (_request, body, done) => done(null, body));

  app.post('/callbacks/sms/:kind', {
    schema: {
      tags: ['messaging'],
      summary: 'SMS provider pushes: delivery reports (status) and replies (reply; TD/退订 records an opt-out)',
      params: z.strictObject({ kind: z.enum(['status', 'reply']) }),
      querystring: z.strictObject({ token: z.string().max(100) }),
    },
  }, async (request, reply) => {
    if (!sameToken(request.query.token, await smsCallbackToken(db))) return reply.code(403).send({ error: 'bad token' });
    const stored = await readChannelSettings(db, 'sms');
    if (!stored) return reply.code(404).send({ error: 'SMS is not configured' });
    const proto = (request.headers['x-forwarded-proto'] as string | undefined) ?? request.protocol;
    const host = (request.headers['x-forwarded-host'] as string | undefined) ?? request.headers.host;
    const result = readSmsCallback(parseSmsConfig(stored), {
      kind: request.params.kind,
      rawBody: typeof request.body === 'string' ? request.body : '',
      headers: request.headers,
      publicUrl: `${proto}://${host}${request.url}`,
    });
    if (result.accepted) {
      await applyDeliveryReports(db, result.reports);
      await applyInboundReplies(db, result.replies);
    } else request.log.warn(`SMS callback refused: ${result.reason}`);
    return reply.code(result.answer.status).type(result.answer.contentType).send(result.answer.body);
  });
};

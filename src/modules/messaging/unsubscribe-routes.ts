import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { InvalidUnsubscribeLink, readUnsubscribeLink, unsubscribeByToken } from './unsubscribe.js';

const CHANNEL_NAMES: Record<string, [string, string]> = { email: ['邮件', 'e-mail'], sms: ['短信', 'SMS'] };

function page(title: string, body: string): string {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
<style>body{font-family:system-ui,sans-serif;max-width:32rem;margin:4rem auto;padding:0 1rem;color:#222}button{font-size:1rem;padding:.5rem 1.5rem}</style></head><body>${body}</body></html>`;
}

const escape = (text: string) => text.replace(/[&<>"']/g, (char) => `&#${char.charCodeAt(0)};`);
const query = z.strictObject({ token: z.string().max(200) });

/**
 * The unsubscribe link of a message. It lives outside /api because it works without signing
 * in (the signed token is the proof). GET only shows a button: mail scanners open links, and
 * must not unsubscribe anyone. POST records the opt-out (also what a mail client's
 * List-Unsubscribe-Post one-click sends).
 */
export const unsubscribeRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  // Mail clients post "List-Unsubscribe=One-Click" as a form; the token is in the URL.
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => done(null, body));
  const invalid = (error: unknown) => {
    if (!(error instanceof InvalidUnsubscribeLink)) throw error;
    return page('退订 Unsubscribe', '<h1>链接无效 / Invalid link</h1><p>退订链接无效或已损坏。<br>This unsubscribe link is invalid or damaged.</p>');
  };
  app.get('/unsubscribe', {
    schema: { tags: ['messaging'], summary: 'Unsubscribe page (no sign-in; signed token)', querystring: query },
  }, async (request, reply) => {
    reply.type('text/html; charset=utf-8');
    try {
      const link = await readUnsubscribeLink(db, request.query.token);
      const [zh, en] = CHANNEL_NAMES[link.channel] ?? [link.channel, link.channel];
      return page('退订 Unsubscribe', `<h1>退订${zh} / Unsubscribe from ${en}</h1><p>确认后将不再收到此类${zh}。<br>You will receive no more ${en} messages from us.</p>
<form method="post" action="/unsubscribe?token=${encodeURIComponent(request.query.token)}"><button type="submit">确认退订 / Unsubscribe</button></form>`);
    } catch (error) {
      return reply.code(400).send(invalid(error));
    }
  });

  app.post('/unsubscribe', {
    schema: { tags: ['messaging'], summary: 'Record the opt-out of a signed unsubscribe link (RFC 8058 one-click)', querystring: query },
  }, async (request, reply) => {
    reply.type('text/html; charset=utf-8');
    try {
      const { channel } = await unsubscribeByToken(db, request.query.token);
      const [zh, en] = CHANNEL_NAMES[channel] ?? [channel, channel];
      return page('已退订 Unsubscribed', `<h1>已退订 / Unsubscribed</h1><p>您将不再收到我们的${escape(zh)}。<br>You will receive no more ${escape(en)} messages from us.</p>`);
    } catch (error) {
      return reply.code(400).send(invalid(error));
    }
  });
};

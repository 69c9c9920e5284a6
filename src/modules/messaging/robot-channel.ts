import { createHmac } from 'node:crypto';
import type { Channel, OutgoingMessage, SendOutcome } from './channel.js';
import type { RobotSettings } from './channel-settings.js';

/** DingTalk "加签": HMAC-SHA256 of "<timestamp>\n<secret>", base64, as query parameters. */
export function dingtalkSignedUrl(url: string, secret: string, timestamp = Date.now()): string {
  const sign = createHmac('sha256', secret).update(`${timestamp}\n${secret}`).digest('base64');
  const signed = new URL(url);
  signed.searchParams.set('timestamp', String(timestamp));
  signed.searchParams.set('sign', sign);
  return signed.toString();
}

/**
 * A WeCom (企业微信) or DingTalk group robot: a text message to the group the robot sits in.
 * Both answer HTTP 200 with { errcode }: 0 is sent; rate limits (45009, 130101) are retried.
 */
export function createRobotChannel(settings: RobotSettings): Channel {
  return {
    kind: 'robot',
    async send(message: OutgoingMessage, signal?: AbortSignal): Promise<SendOutcome> {
      const content = message.subject ? `${message.subject}\n${message.text}` : message.text;
      const url = settings.provider === 'dingtalk' && settings.secret ? dingtalkSignedUrl(settings.url, settings.secret) : settings.url;
      const timeout = AbortSignal.timeout(15_000);
      try {
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json; charset=utf-8' },
          body: JSON.stringify({ msgtype: 'text', text: { content } }),
          signal: signal ? AbortSignal.any([signal, timeout]) : timeout,
        });
        const text = await response.text();
        if (response.status >= 500 || response.status === 429) return { status: 'retry', reason: `HTTP ${response.status}` };
        const body = JSON.parse(text) as { errcode?: number; errmsg?: string };
        if (body.errcode === 0) return { status: 'sent' };
        const reason = `${settings.provider} errcode ${body.errcode}: ${body.errmsg ?? ''}`;
        return body.errcode === 45009 || body.errcode === 130101 ? { status: 'retry', reason, retryAfterMs: 60_000 } : { status: 'failed', reason };
      } catch (error) {
        return { status: 'retry', reason: error instanceof Error ? error.message : String(error) };
      }
    },
  };
}

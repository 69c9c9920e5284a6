import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** Real local peers for tests and benchmarks: an SMTP server and an HTTP webhook receiver. */

export type ReceivedMail = { from: string; to: string[]; headers: Map<string, string>; raw: string; messageId: string; subject: string; text: string; html: string };

/** Decodes RFC 2047 encoded words (=?UTF-8?B?…?= and =?UTF-8?Q?…?=) in a header value. */
export function decodeWords(value: string): string {
  return value.replace(/\?=\s+=\?/g, '?==?').replace(/=\?([^?]+)\?([BbQq])\?([^?]*)\?=/g, (_whole, _charset: string, encoding: string, data: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(data, 'base64').toString('utf8')
      : Buffer.from(data.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8'));
}

function parseHeaders(block: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of block.replace(/\r\n[ \t]+/g, ' ').split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return headers;
}

function decodeBody(headers: Map<string, string>, body: string): string {
  const encoding = (headers.get('content-transfer-encoding') ?? '').toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The text/plain and text/html parts of a (possibly multipart) message. */
function parseParts(raw: string): { headers: Map<string, string>; text: string; html: string } {
  const split = raw.indexOf('\r\n\r\n');
  const headers = parseHeaders(raw.slice(0, split));
  const body = raw.slice(split + 4);
  const type = headers.get('content-type') ?? 'text/plain';
  const boundary = /boundary="?([^";]+)"?/i.exec(type)?.[1];
  if (!boundary) {
    const decoded = decodeBody(headers, body);
    return { headers, text: type.startsWith('text/html') ? '' : decoded, html: type.startsWith('text/html') ? decoded : '' };
  }
  let text = '';
  let html = '';
  for (const part of body.split(`--${boundary}`).slice(1)) {
    if (part.startsWith('--')) break;
    const inner = parseParts(part.replace(/^\r\n/, ''));
    text ||= inner.text;
    html ||= inner.html;
  }
  return { headers, text, html };
}

export type SmtpPeer = { port: number; received: ReceivedMail[]; close(): Promise<void> };

/**
 * An SMTP server on 127.0.0.1 that keeps every message. `reply` may refuse a recipient with
 * an SMTP code (e.g. 550 permanent, 451 transient).
 */
export async function startSmtpPeer(options: { reply?: (recipient: string) => { code: number; message: string } | undefined } = {}): Promise<SmtpPeer> {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    size: 10 * 1024 * 1024,
    onRcptTo(address, _session, callback) {
      const refusal = options.reply?.(address.address);
      if (!refusal) return callback();
      const error = Object.assign(new Error(refusal.message), { responseCode: refusal.code });
      callback(error);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('latin1');
        const { headers, text, html } = parseParts(raw);
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          headers,
          raw,
          messageId: headers.get('message-id') ?? '',
          subject: decodeWords(headers.get('subject') ?? ''),
          text,
          html,
        });
        callback();
      });
    },
  });
  // A client killed mid-session resets its connection: expected in crash tests, not an error.
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return { port, received, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

export type WebhookRequest = { url: string; headers: IncomingHttpHeaders; body: string };
export type WebhookPeer = { url: string; requests: WebhookRequest[]; count: number; close(): Promise<void> };

/** An HTTP server that answers each POST with `status(request)` (default 200) and `reply` (default {}). `keep`: store requests. */
export async function startWebhookPeer(options: { status?: (request: WebhookRequest) => number; reply?: string; keep?: boolean } = {}): Promise<WebhookPeer> {
  const peer = { requests: [] as WebhookRequest[], count: 0 };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const received = { url: request.url ?? '', headers: request.headers, body: Buffer.concat(chunks).toString('utf8') };
      peer.count += 1;
      if (options.keep !== false) peer.requests.push(received);
      response.statusCode = options.status?.(received) ?? 200;
      response.end(options.reply ?? '{}');
    });
  });
  server.keepAliveTimeout = 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  return Object.assign(peer, {
    url,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  });
}

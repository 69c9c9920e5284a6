import { createHmac, randomBytes } from 'node:crypto';
import { header, json, nextScripted, type PeerHandle, type PeerReply, type PeerRequest, startPeerServer } from './peer-server.js';

/**
 * A local api.twilio.com for POST /2010-04-01/Accounts/{Sid}/Messages.json: HTTP Basic auth
 * (401 with error 20003 when it does not match), Twilio's JSON error bodies
 * ({ code, message, more_info, status }), 201 with a message resource on success. It also
 * signs webhooks the way Twilio documents it, so the app's verifier can be tested against
 * an independent signer.
 */
export type TwilioReceived = { accountSid: string; to: string; from?: string; messagingServiceSid?: string; body: string; statusCallback?: string };
export type TwilioPeer = PeerHandle & {
  received: TwilioReceived[];
  /** X-Twilio-Signature for a webhook Twilio would post to `url` with these form fields. */
  signWebhook(authToken: string, url: string, fields: Record<string, string>): string;
};

const MESSAGES_PATH = /^\/2010-04-01\/Accounts\/(AC[0-9a-fA-F]{32})\/Messages\.json$/;

function twilioError(status: number, code: number, message: string): PeerReply {
  return json(status, { code, message, more_info: `https://www.twilio.com/docs/errors/${code}`, status });
}

export async function startTwilioPeer(options: { accounts: Record<string, string> }): Promise<TwilioPeer> {
  const received: TwilioReceived[] = [];
  const peer = await startPeerServer((request, handle) => answer(request, handle));
  return Object.assign(peer, { received, signWebhook });

  async function answer(request: PeerRequest, handle: PeerHandle): Promise<PeerReply> {
    const path = MESSAGES_PATH.exec(request.path);
    if (!path || request.method !== 'POST') return twilioError(404, 20404, `The requested resource ${request.path} was not found`);
    const accountSid = path[1]!;
    const credentials = /^Basic ([A-Za-z0-9+/=]+)$/.exec(header(request.headers, 'authorization') ?? '');
    const [user, password] = credentials ? Buffer.from(credentials[1]!, 'base64').toString('utf8').split(/:(.*)/s) : [];
    if (user !== accountSid || options.accounts[accountSid] === undefined || options.accounts[accountSid] !== password) {
      const reply = twilioError(401, 20003, 'Authenticate');
      return { ...reply, headers: { 'www-authenticate': 'Basic realm="Twilio API"' } };
    }

    const form = new URLSearchParams(request.raw.toString('utf8'));
    const to = form.get('To');
    const body = form.get('Body');
    const from = form.get('From') ?? undefined;
    const messagingServiceSid = form.get('MessagingServiceSid') ?? undefined;
    if (!to) return twilioError(400, 21604, "A 'To' phone number is required.");
    if (!from && !messagingServiceSid) return twilioError(400, 21603, "A 'From' phone number is required.");
    if (!body) return twilioError(400, 21602, 'Message body is required.');
    if (!/^\+[1-9]\d{6,14}$/.test(to)) return twilioError(400, 21211, `The 'To' number ${to} is not a valid phone number.`);

    const scripted = await nextScripted(handle);
    if (scripted?.kind === 'raw') return { status: scripted.status, body: scripted.body, headers: scripted.headers };
    if (scripted?.kind === 'reject') {
      const reply = twilioError(scripted.status ?? 400, Number(scripted.code), scripted.message);
      return scripted.status === 429 ? { ...reply, headers: { 'retry-after': '7' } } : reply;
    }

    received.push({ accountSid, to, from, messagingServiceSid, body, statusCallback: form.get('StatusCallback') ?? undefined });
    const sid = `SM${randomBytes(16).toString('hex')}`;
    return json(201, {
      sid,
      account_sid: accountSid,
      to,
      from: from ?? null,
      messaging_service_sid: messagingServiceSid ?? null,
      body,
      status: 'queued',
      direction: 'outbound-api',
      api_version: '2010-04-01',
      date_created: new Date().toUTCString().replace('GMT', '+0000'),
      error_code: null,
      error_message: null,
      uri: `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`,
    });
  }
}

/** From Twilio's "validating requests" page: URL, then name+value of each field by name. */
function signWebhook(authToken: string, url: string, fields: Record<string, string>): string {
  let data = url;
  for (const name of Object.keys(fields).sort()) data += name + fields[name];
  return createHmac('sha1', authToken).update(Buffer.from(data, 'utf8')).digest('base64');
}

import { createHmac, randomUUID } from 'node:crypto';
import { json, nextScripted, type PeerHandle, type PeerReply, type PeerRequest, startPeerServer } from './peer-server.js';

/**
 * A local Dysmsapi (Aliyun SMS) that checks requests the way the service documents it,
 * written apart from the adapter's signer: its own RFC 3986 encoder over UTF-8 bytes, its
 * own canonical string. Errors come back in the service's shape (SignatureDoesNotMatch,
 * InvalidTimeStamp.Expired, SignatureNonceUsed, isv.* business codes).
 */
export type AliyunReceived = { phoneNumbers: string; signName: string; templateCode: string; templateParam?: Record<string, string>; outId?: string };
export type AliyunPeer = PeerHandle & { received: AliyunReceived[] };

const COMMON = ['AccessKeyId', 'Action', 'SignatureMethod', 'SignatureNonce', 'SignatureVersion', 'Timestamp', 'Version', 'Signature'];
const TIMESTAMP_TOLERANCE_MS = 15 * 60_000;

export async function startAliyunPeer(options: { accessKeys: Record<string, string>; now?: () => Date }): Promise<AliyunPeer> {
  const received: AliyunReceived[] = [];
  const nonces = new Set<string>();
  const now = options.now ?? (() => new Date());
  const peer = await startPeerServer((request, handle) => answer(request, handle));
  return Object.assign(peer, { received });

  async function answer(request: PeerRequest, handle: PeerHandle): Promise<PeerReply> {
    const params = collectParams(request);
    const requestId = randomUUID().toUpperCase();
    const fail = (status: number, code: string, message: string) => json(status, { RequestId: requestId, HostId: 'dysmsapi.aliyuncs.com', Code: code, Message: message });

    for (const name of COMMON) {
      if (!params.has(name)) return fail(400, `Missing${name}`, `${name} is mandatory for this action.`);
    }
    const secret = options.accessKeys[params.get('AccessKeyId')!];
    if (secret === undefined) return fail(404, 'InvalidAccessKeyId.NotFound', 'Specified access key is not found.');
    if (params.get('SignatureMethod') !== 'HMAC-SHA1' || params.get('SignatureVersion') !== '1.0') {
      return fail(400, 'InvalidSignatureMethod', 'Specified signature method is not supported.');
    }
    const timestamp = params.get('Timestamp')!;
    if (!/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(timestamp)) return fail(400, 'InvalidTimeStamp.Format', 'Specified time stamp or date value is not well formatted.');
    if (Math.abs(now().getTime() - Date.parse(timestamp)) > TIMESTAMP_TOLERANCE_MS) return fail(400, 'InvalidTimeStamp.Expired', 'Specified time stamp or date value is expired.');

    const stringToSign = documentedStringToSign(request.method, params);
    const expected = createHmac('sha1', Buffer.from(`${secret}&`, 'utf8')).update(Buffer.from(stringToSign, 'utf8')).digest('base64');
    if (expected !== params.get('Signature')) {
      return fail(400, 'SignatureDoesNotMatch', `Specified signature is not matched with our calculation. server string to sign is:${stringToSign}`);
    }
    const nonce = params.get('SignatureNonce')!;
    if (nonces.has(nonce)) return fail(400, 'SignatureNonceUsed', 'Specified signature nonce was used already.');
    nonces.add(nonce);
    if (params.get('Action') !== 'SendSms') return fail(404, 'InvalidAction.NotFound', 'Specified api is not found, please check your url and method.');
    if (params.get('Version') !== '2017-05-25') return fail(400, 'InvalidVersion', 'Specified parameter Version is not valid.');

    for (const name of ['PhoneNumbers', 'SignName', 'TemplateCode']) {
      if (!params.get(name)) return fail(400, `Missing${name}`, `${name} is mandatory for this action.`);
    }
    const business = (code: string, message: string) => json(200, { RequestId: requestId, Code: code, Message: message });
    const phoneNumbers = params.get('PhoneNumbers')!;
    if (!phoneNumbers.split(',').every((phone) => /^1\d{10}$/.test(phone) || /^[1-9]\d{7,14}$/.test(phone))) {
      return business('isv.MOBILE_NUMBER_ILLEGAL', '非法手机号');
    }
    const templateParam = readTemplateParam(params.get('TemplateParam'));
    if (templateParam === 'invalid') return business('isv.INVALID_JSON_PARAM', 'JSON参数不合法，只接受字符串值');

    const scripted = await nextScripted(handle);
    if (scripted?.kind === 'raw') return { status: scripted.status, body: scripted.body, headers: scripted.headers };
    if (scripted?.kind === 'reject') return json(scripted.status ?? 200, { RequestId: requestId, Code: scripted.code, Message: scripted.message });

    received.push({
      phoneNumbers,
      signName: params.get('SignName')!,
      templateCode: params.get('TemplateCode')!,
      templateParam,
      outId: params.get('OutId') ?? undefined,
    });
    return json(200, { RequestId: requestId, Message: 'OK', BizId: `${Date.now()}${received.length}^0`, Code: 'OK' });
  }
}

/** GET carries everything in the query; POST may split it between query and form body. */
function collectParams(request: PeerRequest): Map<string, string> {
  const params = new Map<string, string>(request.query);
  if (request.method === 'POST' && request.raw.length > 0) {
    for (const [name, value] of new URLSearchParams(request.raw.toString('utf8'))) params.set(name, value);
  }
  return params;
}

/** Per the RPC signature document: sort, encode, join; then METHOD&%2F&encode(query). */
function documentedStringToSign(method: string, params: Map<string, string>): string {
  const names = [...params.keys()].filter((name) => name !== 'Signature').sort();
  const query = names.map((name) => rfc3986(name) + '=' + rfc3986(params.get(name)!)).join('&');
  return method + '&' + rfc3986('/') + '&' + rfc3986(query);
}

const UNRESERVED = /[A-Za-z0-9\-_.~]/;

function rfc3986(text: string): string {
  let out = '';
  for (const byte of Buffer.from(text, 'utf8')) {
    const char = String.fromCharCode(byte);
    out += byte < 0x80 && UNRESERVED.test(char) ? char : '%' + byte.toString(16).toUpperCase().padStart(2, '0');
  }
  return out;
}

function readTemplateParam(text: string | undefined): Record<string, string> | undefined | 'invalid' {
  if (text === undefined) return undefined;
  try {
    const value = JSON.parse(text) as unknown;
    if (!value || typeof value !== 'object' || Array.isArray(value)) return 'invalid';
    const entries = Object.entries(value as Record<string, unknown>);
    return entries.every(([, item]) => typeof item === 'string') ? (value as Record<string, string>) : 'invalid';
  } catch {
    return 'invalid';
  }
}

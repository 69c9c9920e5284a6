import { createHash, createHmac, randomUUID } from 'node:crypto';
import { header, json, nextScripted, type PeerHandle, type PeerReply, type PeerRequest, startPeerServer } from './peer-server.js';

/**
 * A local sms.tencentcloudapi.com checking TC3-HMAC-SHA256 from the signature v3 document,
 * apart from the adapter's signer: the canonical request is rebuilt from the headers and
 * raw body bytes actually received. Like the real API it answers HTTP 200 with
 * Response.Error (AuthFailure.SignatureFailure, AuthFailure.SignatureExpire …) or a
 * SendStatusSet with a Code per number.
 */
export type TencentReceived = {
  phoneNumberSet: string[];
  smsSdkAppId: string;
  signName?: string;
  templateId: string;
  templateParamSet: string[];
  sessionContext?: string;
};
export type TencentPeer = PeerHandle & { received: TencentReceived[] };

const AUTHORIZATION = /^TC3-HMAC-SHA256 Credential=([^/\s]+)\/(\d{4}-\d{2}-\d{2})\/([a-z0-9]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;
const MAX_SKEW_SECONDS = 300;

export async function startTencentPeer(options: { secrets: Record<string, string>; now?: () => Date }): Promise<TencentPeer> {
  const received: TencentReceived[] = [];
  const now = options.now ?? (() => new Date());
  const peer = await startPeerServer((request, handle) => answer(request, handle));
  return Object.assign(peer, { received });

  async function answer(request: PeerRequest, handle: PeerHandle): Promise<PeerReply> {
    const requestId = randomUUID();
    const error = (code: string, message: string) => json(200, { Response: { Error: { Code: code, Message: message }, RequestId: requestId } });

    const match = AUTHORIZATION.exec(header(request.headers, 'authorization') ?? '');
    if (!match) return error('AuthFailure.InvalidAuthorization', 'Authorization header format error.');
    const [, secretId, date, service, signedHeaders, signature] = match as unknown as string[];
    const secretKey = options.secrets[secretId!];
    if (secretKey === undefined) return error('AuthFailure.SecretIdNotFound', 'The SecretId is not found, please ensure that your SecretId is correct.');
    const timestampText = header(request.headers, 'x-tc-timestamp') ?? '';
    if (!/^\d+$/.test(timestampText)) return error('MissingParameter', 'The request is missing a required parameter `Timestamp`.');
    const timestamp = Number(timestampText);
    if (Math.abs(now().getTime() / 1000 - timestamp) > MAX_SKEW_SECONDS) {
      return error('AuthFailure.SignatureExpire', `Signature expired. Timestamp: ${timestamp}, current server time: ${Math.floor(now().getTime() / 1000)}.`);
    }
    const names = signedHeaders!.split(';');
    const utcDate = new Date(timestamp * 1000).toISOString().slice(0, 10);
    const expected = names.includes('content-type') && names.includes('host') && date === utcDate && service === 'sms'
      ? documentedSignature(request, names, secretKey, timestamp, date!, service!)
      : undefined;
    if (expected !== signature) return error('AuthFailure.SignatureFailure', 'The provided credentials could not be validated. Please check your signature is correct.');

    if (header(request.headers, 'x-tc-action') !== 'SendSms') return error('InvalidAction', 'The action does not exist.');
    if (header(request.headers, 'x-tc-version') !== '2021-01-11') return error('NoSuchVersion', 'The requested version does not exist.');
    const body = readBody(request.raw);
    if (typeof body === 'string') return error(body === 'json' ? 'InvalidParameter' : 'MissingParameter', body === 'json' ? 'The request body is not valid JSON.' : `The request is missing a required parameter \`${body}\`.`);

    const scripted = await nextScripted(handle);
    if (scripted?.kind === 'raw') return { status: scripted.status, body: scripted.body, headers: scripted.headers };
    if (scripted?.kind === 'reject' && scripted.scope === 'request') return error(scripted.code, scripted.message);

    const statuses = body.phoneNumberSet.map((phone) => {
      const base = { SerialNo: `2640:${randomUUID()}`, PhoneNumber: phone, Fee: 1, SessionContext: body.sessionContext ?? '', IsoCode: 'CN' };
      if (!/^\+[1-9]\d{6,14}$/.test(phone) && !/^1\d{10}$/.test(phone)) {
        return { ...base, Fee: 0, Code: 'InvalidParameterValue.IncorrectPhoneNumber', Message: 'invalid mobile number' };
      }
      if (scripted?.kind === 'reject') return { ...base, Fee: 0, Code: scripted.code, Message: scripted.message };
      return { ...base, Code: 'Ok', Message: 'send success' };
    });
    if (statuses.some((status) => status.Code === 'Ok')) received.push(body);
    return json(200, { Response: { SendStatusSet: statuses, RequestId: requestId } });
  }
}

/** Signature v3, step by step as documented. */
function documentedSignature(request: PeerRequest, names: string[], secretKey: string, timestamp: number, date: string, service: string): string {
  let canonicalHeaders = '';
  for (const name of names) canonicalHeaders += `${name}:${(header(request.headers, name) ?? '').trim().toLowerCase()}\n`;
  const hashedPayload = createHash('sha256').update(request.raw).digest('hex');
  const canonicalRequest = `${request.method}\n${request.path}\n${request.query.toString()}\n${canonicalHeaders}\n${names.join(';')}\n${hashedPayload}`;
  const stringToSign = `TC3-HMAC-SHA256\n${timestamp}\n${date}/${service}/tc3_request\n${createHash('sha256').update(canonicalRequest).digest('hex')}`;
  let key: Buffer = createHmac('sha256', 'TC3' + secretKey).update(date).digest();
  key = createHmac('sha256', key).update(service).digest();
  key = createHmac('sha256', key).update('tc3_request').digest();
  return createHmac('sha256', key).update(stringToSign).digest('hex');
}

function readBody(raw: Buffer): TencentReceived | string {
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(raw.toString('utf8')) as Record<string, unknown>;
  } catch {
    return 'json';
  }
  const phones = body.PhoneNumberSet;
  if (!Array.isArray(phones) || phones.length === 0 || !phones.every((phone) => typeof phone === 'string')) return 'PhoneNumberSet';
  if (typeof body.SmsSdkAppId !== 'string') return 'SmsSdkAppId';
  if (typeof body.TemplateId !== 'string') return 'TemplateId';
  const params = body.TemplateParamSet ?? [];
  if (!Array.isArray(params) || !params.every((param) => typeof param === 'string')) return 'TemplateParamSet';
  return {
    phoneNumberSet: phones as string[],
    smsSdkAppId: body.SmsSdkAppId,
    signName: typeof body.SignName === 'string' ? body.SignName : undefined,
    templateId: body.TemplateId,
    templateParamSet: params as string[],
    sessionContext: typeof body.SessionContext === 'string' ? body.SessionContext : undefined,
  };
}

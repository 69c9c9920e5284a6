import { createHash, createHmac } from 'node:crypto';

/**
 * Tencent Cloud API 3.0 signature v3 (TC3-HMAC-SHA256):
 *   CanonicalRequest = METHOD \n / \n query \n canonical headers \n signed headers \n hex(SHA256(body))
 *   StringToSign     = TC3-HMAC-SHA256 \n timestamp \n date/service/tc3_request \n hex(SHA256(CanonicalRequest))
 *   key              = HMAC(HMAC(HMAC("TC3" + SecretKey, date), service), "tc3_request")
 * with date the UTC day of the timestamp. Header names and values are lower-cased and trimmed.
 */
export type Tc3Request = {
  secretId: string;
  secretKey: string;
  service: string;
  /** Unix seconds; also sent as X-TC-Timestamp. */
  timestamp: number;
  /** Headers covered by the signature, e.g. content-type, host, x-tc-action. */
  signedHeaders: Record<string, string>;
  payload: string;
};

export type Tc3Signature = { authorization: string; signature: string; canonicalRequest: string; stringToSign: string };

const sha256Hex = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const hmac = (key: string | Buffer, text: string) => createHmac('sha256', key).update(text, 'utf8').digest();

export function signTc3(request: Tc3Request): Tc3Signature {
  const headers = Object.entries(request.signedHeaders)
    .map(([name, value]) => [name.trim().toLowerCase(), value.trim().toLowerCase()] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  const signedHeaders = headers.map(([name]) => name).join(';');
  const canonicalRequest = [
    'POST',
    '/',
    '',
    headers.map(([name, value]) => `${name}:${value}\n`).join(''),
    signedHeaders,
    sha256Hex(request.payload),
  ].join('\n');
  const date = new Date(request.timestamp * 1000).toISOString().slice(0, 10);
  const scope = `${date}/${request.service}/tc3_request`;
  const stringToSign = ['TC3-HMAC-SHA256', String(request.timestamp), scope, sha256Hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(`TC3${request.secretKey}`, date), request.service), 'tc3_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  const authorization = `TC3-HMAC-SHA256 Credential=${request.secretId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
  return { authorization, signature, canonicalRequest, stringToSign };
}

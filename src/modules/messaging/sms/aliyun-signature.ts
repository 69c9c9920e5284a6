import { createHmac } from 'node:crypto';

/**
 * Alibaba Cloud's RPC request signature (SignatureVersion 1.0, HMAC-SHA1), which Dysmsapi
 * 2017-05-25 accepts on GET and POST:
 *   StringToSign = METHOD & percent("/") & percent(canonical query)
 *   Signature    = Base64(HMAC-SHA1(AccessKeySecret + "&", StringToSign))
 * where the canonical query is every parameter but Signature, sorted by name, each name and
 * value percent-encoded per RFC 3986 (only A–Z a–z 0–9 - _ . ~ stay as they are).
 */
export function aliyunPercentEncode(value: string): string {
  // encodeURIComponent already encodes UTF-8 as %XY; it only leaves ! ' ( ) * alone.
  return encodeURIComponent(value).replace(/[!'()*]/g, (char) => `%${char.charCodeAt(0).toString(16).toUpperCase()}`);
}

export function aliyunCanonicalQuery(params: Record<string, string>): string {
  return Object.keys(params)
    .filter((name) => name !== 'Signature')
    .sort()
    .map((name) => `${aliyunPercentEncode(name)}=${aliyunPercentEncode(params[name]!)}`)
    .join('&');
}

export function aliyunStringToSign(method: 'GET' | 'POST', params: Record<string, string>): string {
  return `${method}&${aliyunPercentEncode('/')}&${aliyunPercentEncode(aliyunCanonicalQuery(params))}`;
}

export function signAliyunRpc(method: 'GET' | 'POST', params: Record<string, string>, accessKeySecret: string): string {
  return createHmac('sha1', `${accessKeySecret}&`).update(aliyunStringToSign(method, params), 'utf8').digest('base64');
}

/** ISO 8601 UTC without milliseconds, the only Timestamp form the service accepts. */
export function aliyunTimestamp(at: Date): string {
  return at.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

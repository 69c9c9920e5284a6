import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Twilio's webhook signature (X-Twilio-Signature): Base64(HMAC-SHA1(AuthToken, url + each
 * POST parameter as name + value, sorted by name)), where url is the full URL Twilio called,
 * query string included. Parameters repeated under one name are sorted by value too.
 */
export type FormParams = Record<string, string> | [string, string][] | URLSearchParams;

function pairs(params: FormParams): [string, string][] {
  if (params instanceof URLSearchParams) return [...params.entries()];
  return Array.isArray(params) ? params : Object.entries(params);
}

export function twilioSignature(authToken: string, url: string, params: FormParams): string {
  const sorted = pairs(params).sort(([a, x], [b, y]) => (a === b ? compare(x, y) : compare(a, b)));
  const data = url + sorted.map(([name, value]) => name + value).join('');
  return createHmac('sha1', authToken).update(data, 'utf8').digest('base64');
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Whether a webhook really comes from Twilio. `url` must be the public URL configured in
 * Twilio (behind a proxy, not the one the app sees). Twilio signs https URLs sometimes with
 * and sometimes without the default port, so both forms are accepted.
 */
export function verifyTwilioSignature(options: { authToken: string; url: string; params: FormParams; signature: string | undefined }): boolean {
  const given = Buffer.from(options.signature ?? '', 'utf8');
  if (given.length === 0) return false;
  return urlVariants(options.url).some((url) => {
    const expected = Buffer.from(twilioSignature(options.authToken, url, options.params), 'utf8');
    return expected.length === given.length && timingSafeEqual(expected, given);
  });
}

function urlVariants(url: string): string[] {
  const authority = /^(https?):\/\/([^/?#]*)/i.exec(url);
  if (!authority) return [url];
  const [whole, scheme, host] = authority as unknown as [string, string, string];
  const defaultPort = scheme.toLowerCase() === 'https' ? '443' : '80';
  const bareHost = host.replace(/:\d+$/, '');
  const rest = url.slice(whole.length);
  if (host !== bareHost && !host.endsWith(`:${defaultPort}`)) return [url];
  return [`${scheme}://${bareHost}${rest}`, `${scheme}://${bareHost}:${defaultPort}${rest}`];
}

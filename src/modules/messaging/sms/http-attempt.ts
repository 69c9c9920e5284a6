import type { SendOutcome } from '../channel.js';

export type HttpReply = { status: number; headers: Headers; text: string };
export type AttemptResult = { reply: HttpReply } | { outcome: SendOutcome };

export type HttpRequest = {
  url: string;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
  signal?: AbortSignal;
};

/**
 * One HTTP exchange with a provider. Anything that leaves the outcome unknown — timeout,
 * the caller's abort, a dropped connection — becomes 'retry': the message may or may not
 * have gone out, and the outbox's idempotency key (sent as the provider's out-id where it
 * has one) lets the receiver drop a repeat.
 */
export async function httpAttempt(provider: string, request: HttpRequest): Promise<AttemptResult> {
  const timeout = AbortSignal.timeout(request.timeoutMs);
  const signal = request.signal ? AbortSignal.any([request.signal, timeout]) : timeout;
  try {
    const response = await fetch(request.url, { method: request.method, headers: request.headers, body: request.body, signal });
    const text = await response.text();
    return { reply: { status: response.status, headers: response.headers, text } };
  } catch (error) {
    if (timeout.aborted) return { outcome: { status: 'retry', reason: `${provider}: no answer within ${request.timeoutMs} ms` } };
    if (request.signal?.aborted) return { outcome: { status: 'retry', reason: `${provider}: sending was aborted` } };
    return { outcome: { status: 'retry', reason: `${provider}: ${describeNetworkError(error)}` } };
  }
}

function describeNetworkError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = (error as Error & { cause?: { code?: string; message?: string } }).cause;
  return cause?.code ? `${error.message} (${cause.code})` : error.message;
}

/** Retry-After in milliseconds (seconds or an HTTP date), when the provider sent one. */
export function retryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** JSON body or undefined (a proxy's HTML error page, an empty 502). */
export function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** A reply the adapter cannot read: 408, 429 and 5xx are worth another try, anything else is not. */
export function unreadableReply(provider: string, reply: HttpReply): SendOutcome {
  const reason = `${provider}: HTTP ${reply.status} ${reply.text.slice(0, 200)}`.trim();
  if (reply.status === 408 || reply.status === 429 || reply.status >= 500) return { status: 'retry', reason, retryAfterMs: retryAfterMs(reply.headers) };
  return { status: 'failed', reason };
}

/**
 * Sorts a provider's error code into retry or failed. Credential and account problems
 * (wrong secret, clock skew, balance) are retried slowly: the message itself is fine and
 * sends once an operator fixes the settings; the outbox's attempt limit bounds it.
 */
export type CodeClass = 'permanent' | 'transient' | 'account';
export const ACCOUNT_RETRY_MS = 15 * 60_000;

export function outcomeForCode(codeClass: CodeClass, reason: string, transientRetryMs?: number): SendOutcome {
  if (codeClass === 'permanent') return { status: 'failed', reason };
  const retry = codeClass === 'account' ? ACCOUNT_RETRY_MS : transientRetryMs;
  return retry === undefined ? { status: 'retry', reason } : { status: 'retry', reason, retryAfterMs: retry };
}

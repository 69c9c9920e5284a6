import type { Locale } from './types';

/** One field-level problem reported by the server (details.fields[] of validation_failed). */
export type FieldIssue = { path: string; code: string; message: string };

/** Every non-2xx answer becomes an ApiError so screens can branch on `code`, not on text. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }

  get fieldIssues(): FieldIssue[] {
    return readFieldIssues(this.details);
  }
}

function readFieldIssues(details: unknown): FieldIssue[] {
  if (typeof details !== 'object' || details === null || !('fields' in details)) return [];
  const fields = (details as { fields: unknown }).fields;
  if (!Array.isArray(fields)) return [];
  return fields.flatMap((f: unknown) => {
    if (typeof f !== 'object' || f === null) return [];
    const { path, code, message } = f as Record<string, unknown>;
    return typeof path === 'string' && typeof message === 'string'
      ? [{ path, code: typeof code === 'string' ? code : '', message }]
      : [];
  });
}

// Module state rather than React context: fetch calls happen outside components (query
// functions), and the language must follow the user's switch immediately.
let currentLocale: Locale = 'zh-CN';
let unauthorizedHandler: (() => void) | null = null;

export function setApiLocale(locale: Locale): void {
  currentLocale = locale;
}

/** The app registers a router-aware handler; the fallback is a hard redirect. */
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  unauthorizedHandler = handler;
}

type QueryValue = string | number | boolean | null | undefined | string[];
export type RequestOptions = {
  query?: Record<string, QueryValue>;
  body?: unknown;
  signal?: AbortSignal;
};

export const API_BASE = '/api/v1';

function buildUrl(path: string, query?: Record<string, QueryValue>): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query ?? {})) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) {
      if (value.length > 0) params.set(key, value.join(','));
    } else {
      params.set(key, String(value));
    }
  }
  const qs = params.toString();
  return `${API_BASE}${path}${qs ? `?${qs}` : ''}`;
}

// A failed login is a 401 too, but it must be shown on the form, not bounce the user.
const NO_REDIRECT_PATHS = new Set(['/auth/login', '/auth/me']);

export async function apiRequest<T>(method: string, path: string, options: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { Accept: 'application/json', 'Accept-Language': currentLocale };
  if (options.body !== undefined) headers['Content-Type'] = 'application/json';

  let response: Response;
  try {
    response = await fetch(buildUrl(path, options.query), {
      method,
      headers,
      credentials: 'same-origin',
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: options.signal,
    });
  } catch (cause) {
    if (cause instanceof DOMException && cause.name === 'AbortError') throw cause;
    throw new ApiError(0, 'network_error', cause instanceof Error ? cause.message : String(cause), null);
  }

  if (response.status === 401 && !NO_REDIRECT_PATHS.has(path)) {
    if (unauthorizedHandler) unauthorizedHandler();
    else if (window.location.pathname !== '/login') window.location.assign('/login');
  }
  if (response.status === 204) return undefined as T;

  const text = await response.text();
  const json: unknown = text ? safeParse(text) : undefined;
  if (!response.ok) throw toApiError(response, json);
  return json as T;
}

function safeParse(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

function toApiError(response: Response, json: unknown): ApiError {
  if (typeof json === 'object' && json !== null && 'error' in json) {
    const err = (json as { error: unknown }).error;
    if (typeof err === 'object' && err !== null) {
      const { code, message, details } = err as Record<string, unknown>;
      return new ApiError(
        response.status,
        typeof code === 'string' ? code : `http_${response.status}`,
        typeof message === 'string' ? message : response.statusText,
        details ?? null,
      );
    }
  }
  return new ApiError(response.status, `http_${response.status}`, response.statusText || `HTTP ${response.status}`, null);
}

export const api = {
  get: <T>(path: string, options?: RequestOptions) => apiRequest<T>('GET', path, options),
  post: <T>(path: string, body?: unknown) => apiRequest<T>('POST', path, { body: body ?? {} }),
  patch: <T>(path: string, body: unknown) => apiRequest<T>('PATCH', path, { body }),
  delete: (path: string) => apiRequest<void>('DELETE', path),
};

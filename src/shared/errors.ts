/**
 * Typed application errors. Each carries a stable code, a message in both product
 * languages and an HTTP status; the server maps them in one place (server/error-handler.ts).
 */
export type Locale = 'zh-CN' | 'en-US';
export type Messages = Record<Locale, string>;

export type FieldIssue = { path: string; code: string; message: Messages };

export class AppError extends Error {
  readonly code: string;
  readonly messages: Messages;
  readonly status: number;
  readonly details: unknown;

  constructor(code: string, messages: Messages, details?: unknown, status = 400) {
    super(messages['en-US']);
    this.name = 'AppError';
    this.code = code;
    this.messages = messages;
    this.details = details;
    this.status = status;
  }
}

export class ValidationError extends AppError {
  readonly issues: FieldIssue[];
  constructor(issues: FieldIssue[]) {
    const fields = issues.map((issue) => issue.path || '(body)').join(', ');
    super('validation_failed', {
      'zh-CN': `输入有误：${fields}`,
      'en-US': `Invalid input: ${fields}`,
    }, undefined, 400);
    this.issues = issues;
  }
}

export class NotFoundError extends AppError {
  constructor(entity: Messages, id: string) {
    super('not_found', {
      'zh-CN': `${entity['zh-CN']}不存在或无权访问：${id}`,
      'en-US': `${entity['en-US']} not found or not accessible: ${id}`,
    }, { id }, 404);
  }
}

export class ConflictError extends AppError {
  constructor(code: string, messages: Messages, details?: unknown) {
    super(code, messages, details, 409);
  }
}

export class UnauthorizedError extends AppError {
  constructor() {
    super('unauthorized', { 'zh-CN': '请先登录', 'en-US': 'Please sign in' }, undefined, 401);
  }
}

export class ForbiddenError extends AppError {
  constructor() {
    super('forbidden', { 'zh-CN': '没有权限执行此操作', 'en-US': 'You are not allowed to do this' }, undefined, 403);
  }
}

/** A single-field validation failure raised by a use case (e.g. an unknown group id). */
export function fieldError(path: string, code: string, message: Messages): ValidationError {
  return new ValidationError([{ path, code, message }]);
}

export function pickLocale(acceptLanguage: string | undefined): Locale {
  if (!acceptLanguage) return 'zh-CN';
  for (const part of acceptLanguage.split(',')) {
    const tag = part.trim().split(';')[0]!.toLowerCase();
    if (tag.startsWith('zh')) return 'zh-CN';
    if (tag.startsWith('en')) return 'en-US';
  }
  return 'zh-CN';
}

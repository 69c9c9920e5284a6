import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors } from 'fastify-type-provider-zod';
import { AppError, pickLocale, ValidationError, type FieldIssue, type Locale } from '../shared/errors.js';
import { toFieldIssues } from '../shared/zod-issues.js';

/**
 * The one place errors become HTTP responses: `{ error: { code, message, details } }`,
 * with the message in the caller's language (Accept-Language). Bad input is always a
 * 4xx naming the fields; only our own faults are 500.
 */
export type ErrorBody = { error: { code: string; message: string; details?: unknown } };

function localiseIssues(issues: FieldIssue[], locale: Locale) {
  return issues.map((issue) => ({ path: issue.path, code: issue.code, message: issue.message[locale] }));
}

export function validationBody(issues: FieldIssue[], locale: Locale): ErrorBody {
  const error = new ValidationError(issues);
  return { error: { code: error.code, message: error.messages[locale], details: { fields: localiseIssues(issues, locale) } } };
}

export function localeOf(request: FastifyRequest): Locale {
  return pickLocale(request.headers['accept-language']);
}

function send(reply: FastifyReply, status: number, body: ErrorBody): FastifyReply {
  return reply.code(status).type('application/json; charset=utf-8').send(body);
}

export function registerErrorHandler(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const locale = localeOf(request);
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext === 'body' ? [] : [error.validationContext ?? 'request'];
      const issues = toFieldIssues(
        error.validation.map((item) => ({ ...item.params, code: item.keyword, path: item.instancePath.split('/').filter(Boolean) })) as never,
        where,
      );
      return send(reply, 400, validationBody(issues, locale));
    }
    if (error instanceof ValidationError) return send(reply, 400, validationBody(error.issues, locale));
    if (error instanceof AppError) {
      return send(reply, error.status, { error: { code: error.code, message: error.messages[locale], details: error.details } });
    }
    // Fastify's own 4xx: malformed JSON, unsupported media type, body too large…
    if (error.statusCode && error.statusCode >= 400 && error.statusCode < 500) {
      const messages: Record<Locale, string> = {
        'zh-CN': error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE' ? '不支持的内容类型' : error.code === 'FST_ERR_CTP_BODY_TOO_LARGE' ? '请求体过大' : '请求格式不正确',
        'en-US': error.message,
      };
      return send(reply, error.statusCode, { error: { code: error.code ?? 'bad_request', message: messages[locale] } });
    }
    request.log.error({ err: error }, 'unhandled error');
    return send(reply, 500, {
      error: { code: 'internal_error', message: locale === 'zh-CN' ? '服务器内部错误，请稍后重试' : 'Internal server error; please try again' },
    });
  });

  app.setNotFoundHandler((request, reply) => {
    const locale = localeOf(request);
    return send(reply, 404, {
      error: { code: 'route_not_found', message: locale === 'zh-CN' ? `没有这个接口：${request.method} ${request.url}` : `No such route: ${request.method} ${request.url}` },
    });
  });
}

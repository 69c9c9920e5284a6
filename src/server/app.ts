import { existsSync } from 'node:fs';
import { join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyStatic from '@fastify/static';
import fastifySwagger from '@fastify/swagger';
import fastifySwaggerUi from '@fastify/swagger-ui';
import Fastify, { type FastifyInstance } from 'fastify';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Database } from '../db/connect.js';
import { analyticsRoutes } from '../modules/analytics/routes.js';
import { insightRoutes } from '../modules/analytics/insight-routes.js';
import { scoringRoutes } from '../modules/analytics/scoring/routes.js';
import { scoringSettingsRoutes } from '../modules/analytics/scoring/settings-routes.js';
import { customFieldRoutes } from '../modules/custom-fields/routes.js';
import { customerRoutes } from '../modules/customers/routes.js';
import { groupRoutes } from '../modules/groups/routes.js';
import { metaRoutes } from '../modules/customers/meta-routes.js';
import { messagingRoutes } from '../modules/messaging/routes.js';
import { smsCallbackRoutes } from '../modules/messaging/sms-callback-routes.js';
import { unsubscribeRoutes } from '../modules/messaging/unsubscribe-routes.js';
import { orderRoutes } from '../modules/orders/routes.js';
import { importRoutes } from '../modules/imports/routes.js';
import { settingsRoutes } from '../modules/settings/routes.js';
import { timelineRoutes } from '../modules/timeline/routes.js';
import { userRoutes } from '../modules/users/routes.js';
import { registerAuthHook } from './auth-hook.js';
import { registerErrorHandler } from './error-handler.js';
import { VERSION } from '../shared/version.js';

export type AppOptions = {
  database: Database;
  /** Built web app to serve at / (default dist/web when it exists). */
  webDir?: string;
  logger?: boolean;
  /** Mark the session cookie Secure (behind HTTPS). */
  secureCookies?: boolean;
};

export const DEFAULT_WEB_DIR = join(process.cwd(), 'dist', 'web');

export async function buildApp(options: AppOptions): Promise<FastifyInstance> {
  const { database } = options;
  const db = database.db;
  const app = Fastify({
    logger: options.logger ? { level: 'info' } : false,
    // Unknown JSON fields are refused by the schemas (strict objects), not stripped.
    ajv: { customOptions: { removeAdditional: false } },
    bodyLimit: 2 * 1024 * 1024,
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  registerErrorHandler(app);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: 'Weixi 维系 API',
        version: VERSION,
        description: 'Customer retention CRM. Sign in with POST /api/v1/auth/login (session cookie) or send `Authorization: Bearer <token>` (create tokens with POST /api/v1/tokens or `weixi token add`). Errors are `{ error: { code, message, details } }` with messages in zh-CN or en-US by Accept-Language.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer' }, session: { type: 'apiKey', in: 'cookie', name: 'weixi_session' } } },
      security: [{ bearer: [] }, { session: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(fastifySwaggerUi, { routePrefix: '/api/docs' });
  registerAuthHook(app, db);

  app.get('/api/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  app.get('/api/health', {
    schema: { tags: ['system'], summary: 'Liveness and database check (no sign-in needed)', response: { 200: z.object({ status: z.literal('ok'), engine: z.string(), version: z.string() }) } },
  }, async () => {
    await database.raw.query('SELECT 1');
    return { status: 'ok' as const, engine: database.engine, version: VERSION };
  });

  await app.register(userRoutes, { prefix: '/api/v1', db, secureCookies: options.secureCookies ?? false });
  await app.register(metaRoutes, { prefix: '/api/v1', db });
  await app.register(customerRoutes, { prefix: '/api/v1', db });
  await app.register(timelineRoutes, { prefix: '/api/v1', db });
  await app.register(orderRoutes, { prefix: '/api/v1', db });
  await app.register(importRoutes, { prefix: '/api/v1', db });
  await app.register(groupRoutes, { prefix: '/api/v1', db });
  await app.register(customFieldRoutes, { prefix: '/api/v1', db });
  await app.register(settingsRoutes, { prefix: '/api/v1', db });
  await app.register(messagingRoutes, { prefix: '/api/v1', db });
  await app.register(analyticsRoutes, { prefix: '/api/v1', db });
  await app.register(insightRoutes, { prefix: '/api/v1', db });
  await app.register(scoringRoutes, { prefix: '/api/v1', db });
  await app.register(scoringSettingsRoutes, { prefix: '/api/v1', db });
  // Outside /api: opened from e-mails by people who never sign in.
  await app.register(unsubscribeRoutes, { db });
  await app.register(smsCallbackRoutes, { db });

  const webDir = options.webDir ?? DEFAULT_WEB_DIR;
  if (existsSync(join(webDir, 'index.html'))) {
    await app.register(fastifyStatic, { root: webDir, prefix: '/', wildcard: false, index: ['index.html'] });
    // Single-page app: any non-API GET that is not a file gets index.html.
    app.get('/*', { schema: { hide: true } }, async (request, reply) => {
      if (request.url.startsWith('/api/')) return reply.callNotFound();
      return reply.type('text/html; charset=utf-8').sendFile('index.html');
    });
  }
  return app;
}

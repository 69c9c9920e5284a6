import type {} from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/connect.js';
import { UnauthorizedError } from '../shared/errors.js';
import type { Actor } from '../modules/users/actor.js';
import { resolveApiToken } from '../modules/users/api-tokens.js';
import { resolveSession } from '../modules/users/sessions.js';

export const SESSION_COOKIE = 'weixi_session';

declare module 'fastify' {
  interface FastifyRequest {
    actor?: Actor;
  }
}

/** Routes that answer without signing in; everything else under /api needs a session or token. */
const PUBLIC_API = [/^\/api\/health$/, /^\/api\/v1\/auth\/login$/, /^\/api\/openapi\.json$/, /^\/api\/docs(\/.*)?$/];

function isPublic(url: string): boolean {
  const path = url.split('?')[0]!;
  if (!path.startsWith('/api/') && path !== '/api') return true; // the web app's static files
  return PUBLIC_API.some((pattern) => pattern.test(path));
}

async function resolveActor(db: Db, request: FastifyRequest): Promise<Actor | undefined> {
  const header = request.headers.authorization;
  if (header?.startsWith('Bearer ')) return resolveApiToken(db, header.slice(7).trim());
  const cookie = request.cookies[SESSION_COOKIE];
  if (cookie) return resolveSession(db, cookie);
  return undefined;
}

export function registerAuthHook(app: FastifyInstance, db: Db): void {
  app.addHook('onRequest', async (request) => {
    const actor = await resolveActor(db, request);
    if (actor) request.actor = actor;
    else if (!isPublic(request.url)) throw new UnauthorizedError();
  });
}

/** The signed-in actor; the hook has already refused anonymous requests to this route. */
export function actorOf(request: FastifyRequest): Actor {
  if (!request.actor) throw new UnauthorizedError();
  return request.actor;
}

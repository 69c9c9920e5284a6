import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { ForbiddenError } from '../../shared/errors.js';
import { actorOf, SESSION_COOKIE } from '../../server/auth-hook.js';
import { commonErrors, idParams } from '../../server/common-schemas.js';
import { apiTokenView, createApiToken, createTokenInput, listApiTokens, revokeApiToken } from './api-tokens.js';
import { authenticate, loginInput } from './authenticate.js';
import { changeOwnPassword, changePasswordInput } from './change-own-password.js';
import { createUser } from './create-user.js';
import { getUser, listUsers } from './list-users.js';
import { deleteSession, SESSION_TTL_MS } from './sessions.js';
import { updateUser } from './update-user.js';
import { createUserInput, updateUserInput, userView } from './user-input.js';

const userResponse = z.object({ user: userView });

export const userRoutes: FastifyPluginAsyncZod<{ db: Db; secureCookies: boolean }> = async (app, { db, secureCookies }) => {
  app.post('/auth/login', {
    schema: { tags: ['auth'], summary: 'Sign in; sets an HttpOnly session cookie', body: loginInput, response: { 200: userResponse, 400: commonErrors[400], 401: commonErrors[401] } },
  }, async (request, reply) => {
    const { user, token } = await authenticate(db, request.body);
    reply.setCookie(SESSION_COOKIE, token, {
      path: '/',
      httpOnly: true,
      sameSite: 'lax',
      secure: secureCookies,
      maxAge: Math.floor(SESSION_TTL_MS / 1000),
    });
    return { user };
  });

  app.post('/auth/logout', { schema: { tags: ['auth'], summary: 'Sign out (ends this session)', response: { 204: z.null() } } }, async (request, reply) => {
    const token = request.cookies[SESSION_COOKIE];
    if (token) await deleteSession(db, token);
    reply.clearCookie(SESSION_COOKIE, { path: '/' });
    return reply.code(204).send(null);
  });

  app.get('/auth/me', { schema: { tags: ['auth'], summary: 'The signed-in user', response: { 200: userResponse, 401: commonErrors[401] } } }, async (request) => ({
    user: await getUser(db, actorOf(request).userId),
  }));

  app.post('/auth/password', {
    schema: {
      tags: ['auth'],
      summary: 'Change my password (needs the current one); my other sessions end',
      body: changePasswordInput,
      response: { 204: z.null(), 400: commonErrors[400], 401: commonErrors[401] },
    },
  }, async (request, reply) => {
    await changeOwnPassword(db, actorOf(request), request.body, request.cookies[SESSION_COOKIE]);
    return reply.code(204).send(null);
  });

  app.get('/users', { schema: { tags: ['users'], summary: 'All users (for owner pickers)', response: { 200: z.object({ items: z.array(userView) }) } } }, async () => ({
    items: await listUsers(db),
  }));

  app.post('/users', {
    schema: { tags: ['users'], summary: 'Create a user (admins only)', body: createUserInput, response: { 201: userView, ...commonErrors } },
  }, async (request, reply) => {
    const actor = actorOf(request);
    if (actor.role !== 'admin') throw new ForbiddenError();
    return reply.code(201).send(await createUser(db, actor, request.body));
  });

  app.patch('/users/:id', {
    schema: { tags: ['users'], summary: "Change a user's team (admins only)", params: idParams, body: updateUserInput, response: { 200: userView, ...commonErrors } },
  }, async (request) => updateUser(db, actorOf(request), request.params.id, request.body));

  app.get('/tokens', { schema: { tags: ['auth'], summary: 'My API tokens', response: { 200: z.object({ items: z.array(apiTokenView) }) } } }, async (request) => ({
    items: await listApiTokens(db, actorOf(request)),
  }));

  app.post('/tokens', {
    schema: {
      tags: ['auth'],
      summary: 'Create a bearer API token; the secret is shown only in this response',
      body: createTokenInput,
      response: { 201: apiTokenView.extend({ token: z.string() }), ...commonErrors },
    },
  }, async (request, reply) => {
    return reply.code(201).send(await createApiToken(db, actorOf(request), request.body));
  });

  app.delete('/tokens/:id', { schema: { tags: ['auth'], summary: 'Revoke an API token', params: idParams, response: { 204: z.null(), ...commonErrors } } }, async (request, reply) => {
    await revokeApiToken(db, actorOf(request), request.params.id);
    return reply.code(204).send(null);
  });
};

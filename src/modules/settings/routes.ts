import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Db } from '../../db/connect.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors } from '../../server/common-schemas.js';
import { ForbiddenError } from '../../shared/errors.js';
import { companySettings, getCompanySettings, updateCompanySettings } from './company-settings.js';

export const settingsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/settings', {
    schema: { tags: ['system'], summary: 'Company settings (time zone, phone region, language)', response: { 200: companySettings } },
  }, async () => getCompanySettings(db));

  app.patch('/settings', {
    schema: { tags: ['system'], summary: 'Change company settings (admins only)', body: companySettings.partial(), response: { 200: companySettings, ...commonErrors } },
  }, async (request) => {
    const actor = actorOf(request);
    if (actor.role !== 'admin') throw new ForbiddenError();
    return updateCompanySettings(db, actor, request.body);
  });
};

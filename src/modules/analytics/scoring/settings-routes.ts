import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/connect.js';
import { actorOf } from '../../../server/auth-hook.js';
import { commonErrors } from '../../../server/common-schemas.js';
import { getScoringSettingsView, saveScoringSettings, scoringSettingsPatch, scoringSettingsValues as settingsValues } from './scoring-settings.js';

const settingsView = z.object({
  values: settingsValues.describe('What the next analysis run will use (stored values, defaults for the rest)'),
  defaults: settingsValues.describe('The built-in defaults'),
  updatedAt: z.date().nullable().describe('Last change; null while nothing was ever saved'),
});

/** The thresholds of the analysis run (churn early warning, CLV, history): read by anyone, changed by managers and admins. */
export const scoringSettingsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/analytics/settings', {
    schema: {
      tags: ['analytics'],
      summary: 'The analysis thresholds (churn risk levels, P(alive), spend drop, no contact, CLV horizon…) with their defaults',
      response: { 200: settingsView, ...commonErrors },
    },
  }, async () => getScoringSettingsView(db));

  app.put('/analytics/settings', {
    schema: {
      tags: ['analytics'],
      summary: 'Change some or all analysis thresholds (managers and admins); the next run uses them. mediumRisk must stay below highRisk',
      body: scoringSettingsPatch,
      response: { 200: settingsView, ...commonErrors },
    },
  }, async (request) => saveScoringSettings(db, actorOf(request), request.body));
};

import { asc } from 'drizzle-orm';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { interactionKinds } from '../timeline/schema.js';
import { investmentKinds } from '../orders/schema.js';
import { stageLabels, interactionKindLabels, investmentKindLabels } from './labels.js';
import { intentLevels, stages } from './schema.js';

const label = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });
const keyed = z.array(z.object({ key: z.string(), label }));

/** Vocabulary the UI and integrations need: stages, intent levels, interaction and investment kinds. */
export const metaRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/meta', {
    schema: {
      tags: ['system'],
      summary: 'Lifecycle stages, intent levels, interaction and investment kinds with zh-CN/en-US labels',
      response: {
        200: z.object({
          stages: keyed,
          intentLevels: z.array(z.object({ key: z.string(), labelZh: z.string(), labelEn: z.string(), rank: z.number().int() })),
          interactionKinds: keyed,
          investmentKinds: keyed,
        }),
      },
    },
  }, async () => ({
    stages: stages.map((key) => ({ key, label: stageLabels[key] })),
    intentLevels: await db
      .select({ key: intentLevels.key, labelZh: intentLevels.labelZh, labelEn: intentLevels.labelEn, rank: intentLevels.rank })
      .from(intentLevels)
      .orderBy(asc(intentLevels.rank)),
    interactionKinds: interactionKinds.map((key) => ({ key, label: interactionKindLabels[key] })),
    investmentKinds: investmentKinds.map((key) => ({ key, label: investmentKindLabels[key] })),
  }));
};

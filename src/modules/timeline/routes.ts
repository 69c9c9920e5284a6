import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { pageQuery } from '../../shared/cursor.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams, splitList } from '../../server/common-schemas.js';
import { addInteraction } from './add-interaction.js';
import { addInteractionInput, type ListTimelineFilter } from './interaction-input.js';
import { interactionView } from './interaction-view.js';
import { listTimeline } from './list-timeline.js';

const timelineQuery = z.strictObject({
  kind: z.string().max(200).optional().describe('Comma-separated interaction kinds (any of)'),
  ...pageQuery,
});

export const timelineRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/customers/:id/timeline', {
    schema: {
      tags: ['timeline'],
      summary: "A customer's timeline across all channels, newest first (cursor-paginated)",
      params: idParams,
      querystring: timelineQuery,
      response: { 200: z.object({ items: z.array(interactionView), nextCursor: z.string().nullable() }), ...commonErrors },
    },
  }, async (request) => listTimeline(db, actorOf(request), request.params.id, {
    kinds: splitList(request.query.kind) as ListTimelineFilter['kinds'],
    limit: request.query.limit,
    cursor: request.query.cursor,
  }));

  app.post('/customers/:id/interactions', {
    schema: {
      tags: ['timeline'],
      summary: 'Log a note, call, visit, meeting, message or complaint (rich text is sanitised)',
      params: idParams,
      body: addInteractionInput,
      response: { 201: interactionView, ...commonErrors },
    },
  }, async (request, reply) => reply.code(201).send(await addInteraction(db, actorOf(request), request.params.id, request.body)));
};

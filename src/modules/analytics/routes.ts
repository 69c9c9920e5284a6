import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams } from '../../server/common-schemas.js';
import { acquisitionCohorts, cohortInput } from './acquisition-cohorts.js';
import { analysisInput } from './analysis-scope.js';
import { cohortsView, concentrationView, customerSummaryView, rfmView } from './analytics-views.js';
import { summarizeCustomers } from './customer-summaries.js';
import { rfmInput, rfmSegments } from './rfm-segments.js';
import { valueConcentration } from './value-concentration.js';

// Query strings arrive as text: the same bounds as the use cases, with numbers coerced.
const rfmQuery = rfmInput.extend({ lostAfterDays: z.coerce.number().int().min(1).max(3650).optional() });
const cohortQuery = cohortInput.extend({ months: z.coerce.number().int().min(1).max(120).optional() });
const customerEntity = { 'zh-CN': '有购买记录的客户', 'en-US': 'Customer with purchases' };

export const analyticsRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/analytics/rfm', {
    schema: {
      tags: ['analytics'],
      summary: 'RFM scores (1–5 by rank) and the eight value segments (重要价值…一般挽留) plus lost customers, with an R × F heat map',
      querystring: rfmQuery,
      response: { 200: rfmView, ...commonErrors },
    },
  }, async (request) => rfmSegments(db, actorOf(request), request.query));

  app.get('/analytics/concentration', {
    schema: {
      tags: ['analytics'],
      summary: '80/20: Lorenz curve and Gini of revenue, top-20% shares of revenue and profit, the whale curve of profit, and value tiers',
      querystring: analysisInput,
      response: { 200: concentrationView, ...commonErrors },
    },
  }, async (request) => valueConcentration(db, actorOf(request), request.query));

  app.get('/analytics/cohorts', {
    schema: {
      tags: ['analytics'],
      summary: 'Monthly acquisition cohorts × months since: active customers, retention and revenue',
      querystring: cohortQuery,
      response: { 200: cohortsView, ...commonErrors },
    },
  }, async (request) => acquisitionCohorts(db, actorOf(request), request.query));

  app.get('/customers/:id/summary', {
    schema: {
      tags: ['analytics'],
      summary: "A customer's purchase summary: frequency, recency, tenure, revenue, cost, cost to serve, margin",
      params: idParams,
      querystring: analysisInput,
      response: { 200: customerSummaryView, ...commonErrors },
    },
  }, async (request) => {
    const summaries = await summarizeCustomers(db, actorOf(request), { ...request.query, customerIds: [request.params.id] });
    const summary = summaries.get(request.params.id);
    if (!summary) throw new NotFoundError(customerEntity, request.params.id);
    return summary;
  });
};

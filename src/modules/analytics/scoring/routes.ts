import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../../db/connect.js';
import { pageQuery } from '../../../shared/cursor.js';
import { pickLocale, type Locale } from '../../../shared/errors.js';
import { actorOf } from '../../../server/auth-hook.js';
import { commonErrors, idParams, splitList } from '../../../server/common-schemas.js';
import { isManager, type Actor } from '../../users/actor.js';
import { rfmSegmentKeys } from '../rfm-labels.js';
import { enqueueAnalysisRun, getAnalysisRun, listAnalysisRuns, type AnalysisRun } from './analysis-runs.js';
import { churnReport, churnReportInput } from './churn-report.js';
import { getClvOverview } from './get-clv-overview.js';
import { getCustomerScores, getRiskHistory } from './get-customer-scores.js';
import { listChurnRisk, type RiskLevel } from './list-churn-risk.js';
import { churnReportView, churnRiskView, clvView, customerScoresView, riskHistoryView, runListView, runView } from './scoring-views.js';

const localeOf = (request: { headers: Record<string, string | string[] | undefined> }): Locale => {
  const header = request.headers['accept-language'];
  return pickLocale(Array.isArray(header) ? header[0] : header);
};

/** The snapshot in `totals` covers the whole company: only managers and admins get it. */
function runOut(run: AnalysisRun, locale: Locale, actor: Actor) {
  return {
    id: run.id, asOf: run.asOf, status: run.status, progress: run.progress, startedAt: run.startedAt, finishedAt: run.finishedAt,
    createdAt: run.createdAt, requestedBy: run.requestedBy, attempts: run.attempts, error: run.error ? run.error.messages[locale] : null, totals: isManager(actor) ? run.totals : null,
  };
}

const churnRiskQuery = z.strictObject({
  level: z.string().max(40).optional().describe('Comma-separated risk levels (high, medium, low); default high,medium'),
  ownerId: z.uuid().optional(),
  region: z.string().max(64).optional(),
  segment: z.enum(rfmSegmentKeys).optional(),
  ...pageQuery,
});

/** The analytics pipeline's API: analysis runs, CLV, churn early warning, a customer's scores. */
export const scoringRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.post('/analytics/runs', {
    schema: {
      tags: ['analytics'],
      summary: 'Queue an analysis run (scores every buyer: RFM, tiers, P(alive), CLV, churn risk). Managers and admins.',
      body: z.strictObject({ asOf: z.iso.date().optional() }).optional(),
      response: { 202: runView, ...commonErrors },
    },
  }, async (request, reply) => reply.code(202).send(runOut(await enqueueAnalysisRun(db, actorOf(request), request.body ?? {}), localeOf(request), actorOf(request))));

  app.get('/analytics/runs', {
    schema: { tags: ['analytics'], summary: 'Analysis runs, latest first', querystring: z.strictObject(pageQuery), response: { 200: runListView, ...commonErrors } },
  }, async (request) => {
    const page = await listAnalysisRuns(db, request.query);
    return { items: page.items.map((run) => runOut(run, localeOf(request), actorOf(request))), nextCursor: page.nextCursor };
  });

  app.get('/analytics/runs/:id', {
    schema: { tags: ['analytics'], summary: 'One analysis run with its progress', params: idParams, response: { 200: runView, ...commonErrors } },
  }, async (request) => runOut(await getAnalysisRun(db, request.params.id), localeOf(request), actorOf(request)));

  app.get('/analytics/clv', {
    schema: {
      tags: ['analytics'],
      summary: 'CLV: model fits of the latest run, total and distribution of CLV over your customers, calibration data',
      response: { 200: clvView, ...commonErrors },
    },
  }, async (request) => getClvOverview(db, actorOf(request)));

  app.get('/analytics/churn-risk', {
    schema: {
      tags: ['analytics'],
      summary: 'Churn early warning: customers at risk, highest risk first, with the reasons (cursor-paged)',
      querystring: churnRiskQuery,
      response: { 200: churnRiskView, ...commonErrors },
    },
  }, async (request) => {
    const { level, ...rest } = request.query;
    return listChurnRisk(db, actorOf(request), { ...rest, levels: splitList(level) as RiskLevel[] | undefined }, localeOf(request));
  });

  app.get('/analytics/churn-report', {
    schema: {
      tags: ['analytics'],
      summary: 'Churned and at-risk customers by RFM segment, region, owner, month of last purchase or reason',
      querystring: churnReportInput,
      response: { 200: churnReportView, ...commonErrors },
    },
  }, async (request) => churnReport(db, actorOf(request), request.query, localeOf(request)));

  app.get('/customers/:id/scores', {
    schema: {
      tags: ['analytics'],
      summary: "A customer's current scores: RFM, value tier, P(alive), expected purchases, CLV, churn risk and reasons",
      params: idParams,
      response: { 200: customerScoresView, ...commonErrors },
    },
  }, async (request) => getCustomerScores(db, actorOf(request), request.params.id, localeOf(request)));

  app.get('/customers/:id/risk-history', {
    schema: {
      tags: ['analytics'],
      summary: "A customer's risk history (thinned: a row when level, segment or tier changed or P(alive) moved)",
      params: idParams,
      response: { 200: riskHistoryView, ...commonErrors },
    },
  }, async (request) => getRiskHistory(db, actorOf(request), request.params.id));
};


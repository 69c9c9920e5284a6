import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Db } from '../../db/connect.js';
import { pickLocale } from '../../shared/errors.js';
import { actorOf } from '../../server/auth-hook.js';
import { commonErrors, idParams } from '../../server/common-schemas.js';
import { listFeedback, recordFeedback } from '../feedback/customer-feedback.js';
import { feedbackView, recordFeedbackInput } from '../feedback/feedback-input.js';
import { analysisInput } from './analysis-scope.js';
import { c3Segments } from './c3-segments.js';
import { kpiInput, managerKpis } from './manager-kpis.js';

const localeOf = (request: { headers: Record<string, string | string[] | undefined> }) => {
  const header = request.headers['accept-language'];
  return pickLocale(Array.isArray(header) ? header[0] : header);
};
const decimal = z.string().describe('exact decimal amount, e.g. "1234.50"');

// Query strings arrive as text: the use cases' bounds, with numbers coerced.
const c3Query = analysisInput.extend({
  npsPositiveMin: z.coerce.number().int().min(0).max(10).optional().describe('latest NPS below this = negative attitude (default 7)'),
  satisfactionPositiveMin: z.coerce.number().int().min(1).max(5).optional().describe('latest satisfaction below this = negative attitude (default 4)'),
  complaintDays: z.coerce.number().int().min(1).max(3650).optional().describe('complaints counted over this many days before asOf (default 180)'),
  complaintsNegative: z.coerce.number().int().min(1).max(1000).optional().describe('this many complaints = negative attitude (default 1)'),
  unknownAttitude: z.enum(['positive', 'negative']).optional().describe('attitude of customers never surveyed and without complaints (default positive)'),
  windowMonths: z.coerce.number().int().min(1).max(60).optional().describe('repeat-rate window (default 12 months)'),
  loyalMinPurchases: z.coerce.number().int().min(1).max(1000).optional().describe('purchase days in the window to be loyal (default 2)'),
  maxDecline: z.coerce.number().min(0).max(1).optional().describe('largest drop on the previous window still loyal (default 0.5)'),
  valueTopShare: z.coerce.number().gt(0).lt(1).optional().describe('share of buyers by margin that are high value (default 0.2)'),
});

const c3View = z.object({
  asOf: z.iso.date(),
  buyers: z.number().int(),
  thresholds: z.object({
    npsPositiveMin: z.number(), satisfactionPositiveMin: z.number(), complaintDays: z.number(), complaintsNegative: z.number(),
    unknownAttitude: z.enum(['positive', 'negative']), windowMonths: z.number(), loyalMinPurchases: z.number(), maxDecline: z.number(), valueTopShare: z.number(),
  }),
  segments: z.array(z.object({
    code: z.string(),
    attitude: z.enum(['positive', 'negative']),
    behaviour: z.enum(['loyal', 'disloyal']),
    value: z.enum(['high', 'low']),
    label: z.string(),
    strategy: z.string(),
    customers: z.number().int(),
    share: z.number(),
    revenue: decimal,
    revenueShare: z.number(),
    margin: decimal,
    surveyed: z.number().int(),
  })),
});

const kpiQuery = kpiInput.extend({ activeMonths: z.coerce.number().int().min(3).max(36).optional() });
const kpiView = z.object({
  by: z.enum(['company', 'region', 'team', 'owner']),
  period: z.enum(['month', 'quarter']),
  activeMonths: z.number().int(),
  periods: z.array(z.object({ key: z.string(), from: z.iso.date(), to: z.iso.date() })),
  rows: z.array(z.object({
    key: z.string(),
    label: z.string(),
    period: z.string(),
    activeCustomers: z.number().int(),
    newCustomers: z.number().int(),
    churnedCustomers: z.number().int(),
    retentionRate: z.number().nullable(),
    revenue: decimal,
    margin: decimal,
    top20RevenueShare: z.number().nullable(),
    complaints: z.number().int(),
    renewalRate: z.number().nullable(),
    complaintBreachRate: z.number().nullable(),
    revisitsDone: z.number().int().nullable(),
    revisitsPlanned: z.number().int().nullable(),
  })),
  unavailable: z.array(z.object({ field: z.string(), reason: z.string() })),
  forecast: z.object({
    nextQuarter: z.string(),
    from: z.iso.date(),
    to: z.iso.date(),
    asOf: z.iso.date(),
    revenue: decimal,
    low: decimal,
    high: decimal,
    method: z.string(),
    customers: z.number().int(),
    fits: z.object({ bgNbd: z.string().nullable(), gammaGamma: z.string().nullable() }),
  }),
});

/** Analyst and manager insights of issue 5: C3 segments, the manager view's KPIs, and survey answers. */
export const insightRoutes: FastifyPluginAsyncZod<{ db: Db }> = async (app, { db }) => {
  app.get('/analytics/c3', {
    schema: {
      tags: ['analytics'],
      summary: 'C3 segments: attitude (surveys, complaints) × behaviour (repeat rate and trend) × value (margin) → 8 segments with strategies; thresholds overridable',
      querystring: c3Query,
      response: { 200: c3View, ...commonErrors },
    },
  }, async (request) => c3Segments(db, actorOf(request), request.query, localeOf(request)));

  app.get('/analytics/kpis', {
    schema: {
      tags: ['analytics'],
      summary: "Manager view: active, new, churned, retention, revenue, margin, top-20% share and complaints per month or quarter by company, region, team or owner, and next quarter's revenue forecast",
      querystring: kpiQuery,
      response: { 200: kpiView, ...commonErrors },
    },
  }, async (request) => managerKpis(db, actorOf(request), request.query, localeOf(request)));

  app.post('/customers/:id/feedback', {
    schema: {
      tags: ['analytics'],
      summary: "Record a customer's survey answer: NPS 0–10 or satisfaction 1–5",
      params: idParams,
      body: recordFeedbackInput,
      response: { 201: feedbackView, ...commonErrors },
    },
  }, async (request, reply) => reply.code(201).send(await recordFeedback(db, actorOf(request), request.params.id, request.body)));

  app.get('/customers/:id/feedback', {
    schema: { tags: ['analytics'], summary: "A customer's survey answers, newest first", params: idParams, response: { 200: z.object({ items: z.array(feedbackView) }), ...commonErrors } },
  }, async (request) => listFeedback(db, actorOf(request), request.params.id));
};

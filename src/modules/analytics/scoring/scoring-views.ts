import { z } from 'zod';
import { rfmSegmentKeys } from '../rfm-labels.js';
import { riskLevels, valueTiers } from './list-churn-risk.js';

/** Response schemas of the scoring endpoints (they also document them in OpenAPI). */

const decimal = z.string().describe('exact decimal amount, e.g. "1234.50"');

export const runView = z.object({
  id: z.uuid(),
  asOf: z.iso.date(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  progress: z.object({ step: z.string(), done: z.number().int(), total: z.number().int() }),
  startedAt: z.date().nullable(),
  finishedAt: z.date().nullable(),
  createdAt: z.date(),
  requestedBy: z.uuid().nullable(),
  attempts: z.number().int(),
  error: z.string().nullable().describe('why the run failed, in the Accept-Language language'),
  totals: z.record(z.string(), z.unknown()).nullable().describe('the daily snapshot (managers only): buyers, counts by risk level, segment, tier and reason, total CLV, the 80/20 analysis …'),
});

export const runListView = z.object({ items: z.array(runView), nextCursor: z.string().nullable() });

const fitView = z.object({ params: z.record(z.string(), z.number()).nullable(), logLikelihood: z.number(), status: z.string() });

const calibrationRow = z.object({ frequency: z.number().int(), label: z.string(), customers: z.number(), actual: z.number(), expected: z.number() });

export const clvView = z.object({
  asOf: z.iso.date().nullable(),
  runId: z.uuid().nullable(),
  purchaseModel: z.enum(['bgnbd', 'pareto-nbd', 'fallback']).nullable(),
  fits: z.object({ bgNbd: fitView, gammaGamma: fitView, paretoNbd: fitView.nullable() }).nullable(),
  horizonMonths: z.number().int().nullable(),
  discountRate: z.number().nullable(),
  customers: z.number().int(),
  totalClv: decimal,
  distribution: z.array(z.object({ from: z.number(), to: z.number(), customers: z.number().int() })),
  calibration: z.array(calibrationRow)
    .describe('holdout check: customers by repeat purchases before the holdout days, mean purchases in them, actual vs expected by BG/NBD fitted without them'),
  holdoutDays: z.number().int().nullable(),
  frequencyCheck: z.array(calibrationRow).describe('in-sample check: customers by repeat purchases, actual vs expected number (FHL 2005 fig. 2)'),
});

export const reasonView = z.object({ code: z.string(), label: z.string(), detail: z.string() });

export const churnRiskView = z.object({
  asOf: z.iso.date().nullable(),
  runId: z.uuid().nullable(),
  total: z.number().int(),
  items: z.array(z.object({
    customerId: z.uuid(),
    name: z.string(),
    ownerId: z.uuid().nullable(),
    ownerName: z.string().nullable(),
    region: z.string().nullable(),
    rfmSegment: z.enum(rfmSegmentKeys),
    rfmLabel: z.string(),
    valueTier: z.enum(valueTiers),
    pAlive: z.number(),
    pAliveChange: z.number().nullable(),
    clv: decimal,
    riskScore: z.number(),
    riskLevel: z.enum(riskLevels),
    reasons: z.array(reasonView),
  })),
  nextCursor: z.string().nullable(),
});

export const churnReportView = z.object({
  asOf: z.iso.date().nullable(),
  by: z.enum(['segment', 'region', 'owner', 'month', 'reason']),
  rows: z.array(z.object({
    key: z.string(), label: z.string(), customers: z.number().int(), churned: z.number().int(), atRisk: z.number().int(),
    churnRate: z.number(), revenueLost: decimal,
  })),
});

export const customerScoresView = z.object({
  asOf: z.iso.date(),
  runId: z.uuid(),
  rfm: z.object({ r: z.number().int(), f: z.number().int(), m: z.number().int(), segment: z.enum(rfmSegmentKeys), label: z.string() }),
  valueTier: z.enum(valueTiers),
  pAlive: z.number(),
  pAliveChange: z.number().nullable(),
  expectedPurchases90d: z.number(),
  expectedAverageOrderValue: decimal,
  clv: decimal,
  riskScore: z.number(),
  riskLevel: z.enum(riskLevels),
  reasons: z.array(reasonView),
});

export const riskHistoryView = z.object({
  items: z.array(z.object({
    asOf: z.iso.date(), pAlive: z.number(), riskScore: z.number(), riskLevel: z.enum(riskLevels), rfmSegment: z.enum(rfmSegmentKeys),
    valueTier: z.enum(valueTiers), clv: decimal,
  })),
});


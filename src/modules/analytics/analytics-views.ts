import { z } from 'zod';
import { rfmSegmentKeys } from './rfm-labels.js';

/** Response schemas of the analytics endpoints (they also document them in OpenAPI). */

const decimal = z.string().describe('exact decimal amount, e.g. "1234.50"');
const bilingualLabel = z.object({ 'zh-CN': z.string(), 'en-US': z.string() });

export const customerSummaryView = z.object({
  customerId: z.uuid(),
  firstDay: z.iso.date(),
  lastDay: z.iso.date(),
  frequency: z.number().int().describe('repeat purchase days (BG/NBD x)'),
  recencyDays: z.number().int().describe('first to last purchase day (t_x)'),
  tenureDays: z.number().int().describe('first purchase day to the last day counted (T)'),
  daysSinceLast: z.number().int(),
  orders: z.number().int(),
  revenue: decimal,
  cost: decimal,
  costToServe: decimal,
  margin: decimal,
  averageOrderValue: decimal,
  repeatValue: decimal,
});

export const rfmView = z.object({
  asOf: z.iso.date(),
  buyers: z.number().int(),
  segments: z.array(z.object({
    key: z.enum(rfmSegmentKeys),
    label: bilingualLabel,
    customers: z.number().int(),
    share: z.number(),
    revenue: decimal,
    revenueShare: z.number(),
    averageDaysSinceLast: z.number(),
    averageOrders: z.number(),
    averageRevenue: decimal,
  })),
  heatmap: z.array(z.object({ r: z.number().int(), f: z.number().int(), customers: z.number().int(), averageRevenue: decimal })),
});

const curvePoint = z.object({ customerShare: z.number(), valueShare: z.number().nullable() });

export const concentrationView = z.object({
  asOf: z.iso.date(),
  buyers: z.number().int(),
  revenue: decimal,
  profit: decimal,
  gini: z.number().nullable(),
  top20RevenueShare: z.number().nullable(),
  top20ProfitShare: z.number().nullable(),
  lorenz: z.array(curvePoint),
  whale: z.array(curvePoint),
  whalePeak: z.object({ customerShare: z.number(), profit: decimal, profitShare: z.number().nullable() }).nullable(),
  destroyed: decimal,
  tiers: z.array(z.object({ tier: z.enum(['top', 'middle', 'bottom']), customers: z.number().int(), profit: decimal, revenue: decimal, minProfit: decimal.nullable() })),
});

export const cohortsView = z.object({
  asOf: z.iso.date(),
  cohorts: z.array(z.object({
    month: z.string().describe('YYYY-MM of the first purchase'),
    size: z.number().int(),
    cells: z.array(z.object({ monthsSince: z.number().int(), active: z.number().int(), retention: z.number(), revenue: decimal })),
  })),
});

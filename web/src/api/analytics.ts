import { api } from './client';

// Shapes of the analytics API (src/modules/analytics/*routes*.ts), kept by hand like types.ts.
// Money is a decimal string; shares are fractions 0..1 (null where undefined, e.g. no buyers).

export type Bilingual = { 'zh-CN': string; 'en-US': string };
export type AsOfQuery = { asOf?: string };

export const RFM_SEGMENTS = [
  'important_value', 'important_develop', 'important_keep', 'important_retain',
  'general_value', 'general_develop', 'general_keep', 'general_retain', 'lost',
] as const;
export type RfmSegmentKey = (typeof RFM_SEGMENTS)[number];
export const VALUE_TIERS = ['top', 'middle', 'bottom'] as const;
export type ValueTier = (typeof VALUE_TIERS)[number];
export const RISK_LEVELS = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

export type RfmReport = {
  asOf: string;
  buyers: number;
  segments: {
    key: RfmSegmentKey;
    label: Bilingual;
    customers: number;
    share: number;
    revenue: string;
    revenueShare: number;
    averageDaysSinceLast: number;
    averageOrders: number;
    averageRevenue: string;
  }[];
  heatmap: { r: number; f: number; customers: number; averageRevenue: string }[];
};

export type CurvePoint = { customerShare: number; valueShare: number | null };
export type ConcentrationReport = {
  asOf: string;
  buyers: number;
  revenue: string;
  profit: string;
  gini: number | null;
  top20RevenueShare: number | null;
  top20ProfitShare: number | null;
  lorenz: CurvePoint[];
  whale: CurvePoint[];
  whalePeak: { customerShare: number; profit: string; profitShare: number | null } | null;
  destroyed: string;
  tiers: { tier: ValueTier; customers: number; profit: string; revenue: string; minProfit: string | null }[];
};

export type CohortReport = {
  asOf: string;
  cohorts: {
    month: string;
    size: number;
    cells: { monthsSince: number; active: number; retention: number; revenue: string }[];
  }[];
};

export type CustomerPurchaseSummary = {
  customerId: string;
  firstDay: string;
  lastDay: string;
  frequency: number;
  recencyDays: number;
  tenureDays: number;
  daysSinceLast: number;
  orders: number;
  revenue: string;
  cost: string;
  costToServe: string;
  margin: string;
  averageOrderValue: string;
  repeatValue: string;
};

/** converged | not_converged are usable; not_identified | degenerate mean a fallback was used. */
export type FitStatus = 'converged' | 'not_converged' | 'not_identified' | 'degenerate' | (string & {});
export type ModelFit = { params: Record<string, number> | null; logLikelihood: number; status: FitStatus };
export type ClvReport = {
  asOf: string | null;
  /** null: no analysis has run yet. */
  runId: string | null;
  purchaseModel: 'bgnbd' | 'pareto-nbd' | 'fallback' | null;
  fits: { bgNbd: ModelFit; gammaGamma: ModelFit; paretoNbd: ModelFit | null } | null;
  horizonMonths: number | null;
  discountRate: number | null;
  customers: number;
  totalClv: string;
  distribution: { from: number; to: number; customers: number }[];
  /** Holdout check: customers by repeat purchases before the last holdoutDays, mean purchases in them, actual vs expected. */
  calibration: CalibrationRow[];
  holdoutDays: number | null;
  /** In-sample check: customers by repeat purchases, actual vs expected number. */
  frequencyCheck: CalibrationRow[];
};
export type CalibrationRow = { frequency: number; label: string; customers: number; actual: number; expected: number };

export type RunStatus = 'queued' | 'running' | 'done' | 'failed';
export type AnalysisRun = {
  id: string;
  asOf: string;
  status: RunStatus;
  progress: { step: string; done: number; total: number };
  startedAt: string | null;
  finishedAt: string | null;
  createdAt: string;
  error: string | null;
};
export type RunPage = { items: AnalysisRun[]; nextCursor: string | null };

export type RiskReason = { code: string; label: string; detail: string };
export type ChurnRiskItem = {
  customerId: string;
  name: string;
  ownerId: string | null;
  ownerName: string | null;
  region: string | null;
  rfmSegment: RfmSegmentKey;
  rfmLabel: string;
  valueTier: ValueTier;
  pAlive: number;
  pAliveChange: number | null;
  clv: string;
  riskScore: number;
  riskLevel: RiskLevel;
  reasons: RiskReason[];
};
/** level: comma-separated levels; the server's default is high,medium. */
export type ChurnRiskQuery = { level?: string; ownerId?: string; region?: string; segment?: string; limit?: number; cursor?: string | null };
export type ChurnRiskPage = { asOf: string | null; runId: string | null; total: number; items: ChurnRiskItem[]; nextCursor: string | null };

export const CHURN_REPORT_BY = ['segment', 'region', 'owner', 'month', 'reason'] as const;
export type ChurnReportBy = (typeof CHURN_REPORT_BY)[number];
export type ChurnReport = {
  asOf: string | null;
  by: ChurnReportBy;
  rows: { key: string; label: string; customers: number; churned: number; atRisk: number; churnRate: number; revenueLost: string }[];
};

export type CustomerScores = {
  asOf: string;
  runId: string;
  rfm: { r: number; f: number; m: number; segment: RfmSegmentKey; label: string };
  valueTier: ValueTier;
  pAlive: number;
  pAliveChange: number | null;
  expectedPurchases90d: number;
  expectedAverageOrderValue: string;
  clv: string;
  riskScore: number;
  riskLevel: RiskLevel;
  reasons: RiskReason[];
};
export type RiskHistory = {
  items: { asOf: string; pAlive: number; riskScore: number; riskLevel: RiskLevel; rfmSegment: RfmSegmentKey; valueTier: ValueTier; clv: string }[];
};

export type C3Segment = {
  code: string;
  attitude: 'positive' | 'negative';
  behaviour: 'loyal' | 'disloyal';
  value: 'high' | 'low';
  label: string;
  strategy: string;
  customers: number;
  share: number;
  revenue: string;
  revenueShare: number;
  margin: string;
  /** Customers of the segment with a survey answer: the rest have an assumed attitude. */
  surveyed: number;
};
export type C3Report = { asOf: string; buyers: number; thresholds: Record<string, string | number>; segments: C3Segment[] };

export const KPI_BY = ['company', 'region', 'team', 'owner'] as const;
export type KpiBy = (typeof KPI_BY)[number];
export type KpiPeriodName = 'month' | 'quarter';
export type KpiRow = {
  key: string;
  label: string;
  /** The period's key, as in `periods`. */
  period: string;
  activeCustomers: number;
  newCustomers: number;
  churnedCustomers: number;
  retentionRate: number | null;
  revenue: string;
  margin: string;
  top20RevenueShare: number | null;
  complaints: number;
  renewalRate: number | null;
  complaintBreachRate: number | null;
  revisitsDone: number | null;
  revisitsPlanned: number | null;
};
export type KpiReport = {
  by: KpiBy;
  period: KpiPeriodName;
  periods: { key: string; from: string; to: string }[];
  rows: KpiRow[];
  /** KPIs the data cannot give yet, with why (in the request's language). */
  unavailable: { field: string; reason: string }[];
  forecast: { nextQuarter: string; from: string; to: string; asOf: string; revenue: string; low: string; high: string; method: string; customers: number } | null;
};
export type KpiQuery = { by: KpiBy; from?: string; to?: string; period?: KpiPeriodName };

const enc = encodeURIComponent;

export const fetchConcentration = (q: AsOfQuery, signal?: AbortSignal) => api.get<ConcentrationReport>('/analytics/concentration', { query: q, signal });
export const fetchRfm = (q: AsOfQuery, signal?: AbortSignal) => api.get<RfmReport>('/analytics/rfm', { query: q, signal });
export const fetchCohorts = (q: AsOfQuery & { months?: number }, signal?: AbortSignal) => api.get<CohortReport>('/analytics/cohorts', { query: q, signal });
export const fetchCustomerPurchaseSummary = (id: string, signal?: AbortSignal) => api.get<CustomerPurchaseSummary>(`/customers/${enc(id)}/summary`, { signal });
export const fetchClv = (signal?: AbortSignal) => api.get<ClvReport>('/analytics/clv', { signal });
export const fetchRuns = (signal?: AbortSignal) => api.get<RunPage>('/analytics/runs', { query: { limit: 5 }, signal });
export const fetchRun = (id: string, signal?: AbortSignal) => api.get<AnalysisRun>(`/analytics/runs/${enc(id)}`, { signal });
export const startRun = (asOf?: string) => api.post<AnalysisRun>('/analytics/runs', asOf ? { asOf } : {});
export const fetchChurnRisk = (q: ChurnRiskQuery, signal?: AbortSignal) => api.get<ChurnRiskPage>('/analytics/churn-risk', { query: q, signal });
export const fetchChurnReport = (by: ChurnReportBy, signal?: AbortSignal) => api.get<ChurnReport>('/analytics/churn-report', { query: { by }, signal });
export const fetchCustomerScores = (id: string, signal?: AbortSignal) => api.get<CustomerScores>(`/customers/${enc(id)}/scores`, { signal });
export const fetchRiskHistory = (id: string, signal?: AbortSignal) => api.get<RiskHistory>(`/customers/${enc(id)}/risk-history`, { signal });
export const fetchC3 = (q: AsOfQuery, signal?: AbortSignal) => api.get<C3Report>('/analytics/c3', { query: q, signal });
export const fetchKpis = (q: KpiQuery, signal?: AbortSignal) => api.get<KpiReport>('/analytics/kpis', { query: q, signal });

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import {
  fetchC3,
  fetchChurnReport,
  fetchChurnRisk,
  fetchClv,
  fetchCohorts,
  fetchConcentration,
  fetchCustomerPurchaseSummary,
  fetchCustomerScores,
  fetchKpis,
  fetchRfm,
  fetchRiskHistory,
  fetchRuns,
  type ChurnReportBy,
  type ChurnRiskQuery,
  type KpiQuery,
} from '../api/analytics';

/**
 * Analytics query keys. Everything computed by an analysis run sits under ['analytics'] so a
 * finished run invalidates it all; per-customer scores sit under the customer's key too.
 */
export const analyticsKeys = {
  all: ['analytics'] as const,
  concentration: (asOf?: string) => ['analytics', 'concentration', asOf ?? 'today'] as const,
  rfm: (asOf?: string) => ['analytics', 'rfm', asOf ?? 'today'] as const,
  cohorts: (asOf?: string) => ['analytics', 'cohorts', asOf ?? 'today'] as const,
  clv: ['analytics', 'clv'] as const,
  runs: ['analytics', 'runs'] as const,
  churnRisk: (q: ChurnRiskQuery) => ['analytics', 'churn-risk', q] as const,
  churnReport: (by: ChurnReportBy) => ['analytics', 'churn-report', by] as const,
  c3: (asOf?: string) => ['analytics', 'c3', asOf ?? 'today'] as const,
  kpis: (q: KpiQuery) => ['analytics', 'kpis', q] as const,
  summary: (id: string) => ['customers', 'detail', id, 'summary'] as const,
  scores: (id: string) => ['customers', 'detail', id, 'scores'] as const,
  riskHistory: (id: string) => ['customers', 'detail', id, 'risk-history'] as const,
};

export const useConcentration = (asOf?: string) =>
  useQuery({ queryKey: analyticsKeys.concentration(asOf), queryFn: ({ signal }) => fetchConcentration({ asOf }, signal) });
export const useRfm = (asOf?: string) => useQuery({ queryKey: analyticsKeys.rfm(asOf), queryFn: ({ signal }) => fetchRfm({ asOf }, signal) });
export const useCohorts = (asOf?: string) =>
  useQuery({ queryKey: analyticsKeys.cohorts(asOf), queryFn: ({ signal }) => fetchCohorts({ asOf }, signal) });
export const useClv = () => useQuery({ queryKey: analyticsKeys.clv, queryFn: ({ signal }) => fetchClv(signal) });
export const useC3 = (asOf?: string) => useQuery({ queryKey: analyticsKeys.c3(asOf), queryFn: ({ signal }) => fetchC3({ asOf }, signal) });
export const useKpis = (q: KpiQuery) =>
  useQuery({ queryKey: analyticsKeys.kpis(q), queryFn: ({ signal }) => fetchKpis(q, signal), placeholderData: keepPreviousData });
export const useChurnRisk = (q: ChurnRiskQuery) =>
  useQuery({ queryKey: analyticsKeys.churnRisk(q), queryFn: ({ signal }) => fetchChurnRisk(q, signal), placeholderData: keepPreviousData });
export const useChurnReport = (by: ChurnReportBy) =>
  useQuery({ queryKey: analyticsKeys.churnReport(by), queryFn: ({ signal }) => fetchChurnReport(by, signal), placeholderData: keepPreviousData });

/** While a run is queued or running, ask every 2 s; otherwise only when the page opens. */
export const useRuns = () =>
  useQuery({
    queryKey: analyticsKeys.runs,
    queryFn: ({ signal }) => fetchRuns(signal),
    refetchInterval: (query) => {
      const latest = query.state.data?.items[0];
      return latest && (latest.status === 'queued' || latest.status === 'running') ? 2000 : false;
    },
  });

// A customer without purchases or not yet scored answers 404, shown as an empty state
// (the app retries no 4xx).
export const useCustomerPurchaseSummary = (id: string) =>
  useQuery({ queryKey: analyticsKeys.summary(id), queryFn: ({ signal }) => fetchCustomerPurchaseSummary(id, signal) });
export const useCustomerScores = (id: string) =>
  useQuery({ queryKey: analyticsKeys.scores(id), queryFn: ({ signal }) => fetchCustomerScores(id, signal) });
export const useRiskHistory = (id: string) =>
  useQuery({ queryKey: analyticsKeys.riskHistory(id), queryFn: ({ signal }) => fetchRiskHistory(id, signal) });

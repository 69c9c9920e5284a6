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
import type { Locale } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';

/**
 * Analytics query keys. Everything computed by an analysis run sits under ['analytics'] so a
 * finished run invalidates it all; per-customer scores sit under the customer's key too.
 * Unlike the customer data, these answers carry labels in one language (reasons, segment and
 * group names, strategies), so their keys hold the locale: switching language refetches.
 */
export const analyticsKeys = {
  all: ['analytics'] as const,
  concentration: (asOf?: string) => ['analytics', 'concentration', asOf ?? 'today'] as const,
  rfm: (asOf?: string) => ['analytics', 'rfm', asOf ?? 'today'] as const,
  cohorts: (asOf?: string) => ['analytics', 'cohorts', asOf ?? 'today'] as const,
  clv: ['analytics', 'clv'] as const,
  runs: (locale: Locale) => ['analytics', 'runs', locale] as const,
  churnRisk: (q: ChurnRiskQuery, locale: Locale) => ['analytics', 'churn-risk', q, locale] as const,
  churnReport: (by: ChurnReportBy, locale: Locale) => ['analytics', 'churn-report', by, locale] as const,
  c3: (asOf: string | undefined, locale: Locale) => ['analytics', 'c3', asOf ?? 'today', locale] as const,
  kpis: (q: KpiQuery, locale: Locale) => ['analytics', 'kpis', q, locale] as const,
  summary: (id: string) => ['customers', 'detail', id, 'summary'] as const,
  scores: (id: string, locale: Locale) => ['customers', 'detail', id, 'scores', locale] as const,
  riskHistory: (id: string) => ['customers', 'detail', id, 'risk-history'] as const,
};

export const useConcentration = (asOf?: string) =>
  useQuery({ queryKey: analyticsKeys.concentration(asOf), queryFn: ({ signal }) => fetchConcentration({ asOf }, signal) });
export const useRfm = (asOf?: string) => useQuery({ queryKey: analyticsKeys.rfm(asOf), queryFn: ({ signal }) => fetchRfm({ asOf }, signal) });
export const useCohorts = (asOf?: string) =>
  useQuery({ queryKey: analyticsKeys.cohorts(asOf), queryFn: ({ signal }) => fetchCohorts({ asOf }, signal) });
export const useClv = () => useQuery({ queryKey: analyticsKeys.clv, queryFn: ({ signal }) => fetchClv(signal) });
export function useC3(asOf?: string) {
  const { locale } = useI18n();
  return useQuery({ queryKey: analyticsKeys.c3(asOf, locale), queryFn: ({ signal }) => fetchC3({ asOf }, signal) });
}
export function useKpis(q: KpiQuery) {
  const { locale } = useI18n();
  return useQuery({ queryKey: analyticsKeys.kpis(q, locale), queryFn: ({ signal }) => fetchKpis(q, signal), placeholderData: keepPreviousData });
}
export function useChurnRisk(q: ChurnRiskQuery) {
  const { locale } = useI18n();
  return useQuery({ queryKey: analyticsKeys.churnRisk(q, locale), queryFn: ({ signal }) => fetchChurnRisk(q, signal), placeholderData: keepPreviousData });
}
export function useChurnReport(by: ChurnReportBy) {
  const { locale } = useI18n();
  return useQuery({ queryKey: analyticsKeys.churnReport(by, locale), queryFn: ({ signal }) => fetchChurnReport(by, signal), placeholderData: keepPreviousData });
}

/** While a run is queued or running, ask every 2 s; otherwise only when the page opens. */
export function useRuns() {
  const { locale } = useI18n();
  return useQuery({
    queryKey: analyticsKeys.runs(locale),
    queryFn: ({ signal }) => fetchRuns(signal),
    refetchInterval: (query) => {
      const latest = query.state.data?.items[0];
      return latest && (latest.status === 'queued' || latest.status === 'running') ? 2000 : false;
    },
  });
}

// A customer without purchases or not yet scored answers 404, shown as an empty state
// (the app retries no 4xx).
export const useCustomerPurchaseSummary = (id: string) =>
  useQuery({ queryKey: analyticsKeys.summary(id), queryFn: ({ signal }) => fetchCustomerPurchaseSummary(id, signal) });
export function useCustomerScores(id: string) {
  const { locale } = useI18n();
  return useQuery({ queryKey: analyticsKeys.scores(id, locale), queryFn: ({ signal }) => fetchCustomerScores(id, signal) });
}
export const useRiskHistory = (id: string) =>
  useQuery({ queryKey: analyticsKeys.riskHistory(id), queryFn: ({ signal }) => fetchRiskHistory(id, signal) });

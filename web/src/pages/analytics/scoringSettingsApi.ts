import { useQuery } from '@tanstack/react-query';
import { api, apiRequest } from '../../api/client';

// GET/PUT /analytics/settings (src/modules/analytics/scoring/settings-routes.ts), kept by hand
// like the other API shapes. Shares and rates are fractions 0..1; days and months are whole.

export const SCORING_FIELDS = [
  'highRisk', 'mediumRisk',
  'pAliveThreshold', 'pAliveDrop', 'spendWindowDays', 'spendDrop', 'noContactDays',
  'lostAfterDays', 'horizonMonths', 'discountRate', 'clvMargin', 'historyMinChange',
] as const;
export type ScoringField = (typeof SCORING_FIELDS)[number];
export type ScoringSettings = Record<ScoringField, number>;
export type ScoringSettingsView = { values: ScoringSettings; defaults: ScoringSettings; updatedAt: string | null };

export const scoringSettingsKey = ['analytics-settings'] as const;

export const fetchScoringSettings = (signal?: AbortSignal) => api.get<ScoringSettingsView>('/analytics/settings', { signal });

/** Sends only the fields given; the server keeps the others. */
export const saveScoringSettings = (changes: Partial<Record<ScoringField, number | null>>) =>
  apiRequest<ScoringSettingsView>('PUT', '/analytics/settings', { body: changes });

export const useScoringSettings = () => useQuery({ queryKey: scoringSettingsKey, queryFn: ({ signal }) => fetchScoringSettings(signal) });

import { useMemo } from 'react';
import type { InteractionKind, InvestmentKind, StageKey } from '../api/types';
import { useI18n } from '../i18n/I18nProvider';
import { useMeta } from './reference';

export const STAGE_ORDER: readonly StageKey[] = ['non_customer', 'potential', 'target', 'current', 'loyal', 'churned'];

/** One colour per lifecycle stage, warm for the customers we keep, red for the ones we lost. */
export const STAGE_COLORS: Record<StageKey, string> = {
  non_customer: 'default',
  potential: 'cyan',
  target: 'blue',
  current: 'green',
  loyal: 'gold',
  churned: 'red',
};

export type Labels = {
  stage: (key: string) => string;
  intent: (key: string | null) => string;
  interactionKind: (key: InteractionKind) => string;
  investmentKind: (key: InvestmentKind) => string;
  stageOptions: { value: StageKey; label: string }[];
  intentOptions: { value: string; label: string }[];
  investmentKindOptions: { value: InvestmentKind; label: string }[];
};

/** Server-defined labels in the current language; falls back to the key while meta loads. */
export function useLabels(): Labels {
  const { locale } = useI18n();
  const { data: meta } = useMeta();
  return useMemo(() => {
    const stages = new Map((meta?.stages ?? []).map((s) => [s.key as string, s.label[locale]]));
    const intents = [...(meta?.intentLevels ?? [])].sort((a, b) => a.rank - b.rank);
    const intentMap = new Map(intents.map((i) => [i.key, locale === 'zh-CN' ? i.labelZh : i.labelEn]));
    const kinds = meta?.interactionKinds ?? [];
    const kindMap = new Map(kinds.map((k) => [k.key as string, k.label[locale]]));
    const investKinds = meta?.investmentKinds ?? [];
    const investMap = new Map(investKinds.map((k) => [k.key as string, k.label[locale]]));
    const stageKeys = meta?.stages.map((s) => s.key) ?? STAGE_ORDER;
    return {
      stage: (key) => stages.get(key) ?? key,
      intent: (key) => (key ? (intentMap.get(key) ?? key) : ''),
      interactionKind: (key) => kindMap.get(key) ?? key,
      investmentKind: (key) => investMap.get(key) ?? key,
      stageOptions: stageKeys.map((key) => ({ value: key, label: stages.get(key) ?? key })),
      intentOptions: intents.map((i) => ({ value: i.key, label: intentMap.get(i.key) ?? i.key })),
      investmentKindOptions: investKinds.map((k) => ({ value: k.key, label: k.label[locale] })),
    };
  }, [meta, locale]);
}

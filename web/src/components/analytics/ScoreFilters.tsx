import { Select } from 'antd';
import { useI18n } from '../../i18n/I18nProvider';
import { rfmSegmentOptions, riskLevelOptions, valueTierOptions } from './labels';

export type ScoreFilterValues = { valueTier: string[]; rfmSegment: string[]; riskLevel: string[] };

/**
 * The customer list's filters on the latest analysis run's scores: value tier, RFM segment,
 * churn risk. Several values in one filter mean "any of them", like the server's lists.
 */
export function ScoreFilters({ value, onChange, width }: { value: ScoreFilterValues; onChange: (patch: Partial<ScoreFilterValues>) => void; width: string | number }) {
  const { t } = useI18n();
  const narrow = width === '100%';
  const compact = (label: string) =>
    narrow ? { maxTagCount: 'responsive' as const } : { maxTagCount: 0, maxTagPlaceholder: (omitted: unknown[]) => `${label} · ${omitted.length}` };
  const selects: { key: keyof ScoreFilterValues; label: string; options: { value: string; label: string }[] }[] = [
    { key: 'valueTier', label: t('list.valueTier'), options: valueTierOptions(t) },
    { key: 'rfmSegment', label: t('list.rfmSegment'), options: rfmSegmentOptions(t) },
    { key: 'riskLevel', label: t('list.riskLevel'), options: riskLevelOptions(t) },
  ];
  return (
    <>
      {selects.map((s) => (
        <Select
          key={s.key}
          mode="multiple"
          allowClear
          {...compact(s.label)}
          aria-label={s.label}
          placeholder={s.label}
          value={value[s.key]}
          onChange={(next: string[]) => onChange({ [s.key]: next })}
          options={s.options}
          style={{ minWidth: width, width }}
          data-testid={`filter-${s.key}`}
        />
      ))}
    </>
  );
}

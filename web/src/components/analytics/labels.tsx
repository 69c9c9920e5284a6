import { Tag } from 'antd';
import { RFM_SEGMENTS, RISK_LEVELS, VALUE_TIERS, type RiskLevel } from '../../api/analytics';
import type { Translate } from '../../i18n/messages';

export const RISK_COLORS: Record<RiskLevel, string> = { high: 'red', medium: 'orange', low: 'green' };

export function RiskTag({ level, t, score }: { level: RiskLevel; t: Translate; score?: number }) {
  return (
    <Tag color={RISK_COLORS[level]} data-testid="risk-level">
      {t(`an.churn.level.${level}`)}
      {score !== undefined ? ` ${Math.round(score * 100)}` : ''}
    </Tag>
  );
}

/** Options for the customer list filters and the churn-risk filters, in the current language. */
export const rfmSegmentOptions = (t: Translate) => RFM_SEGMENTS.map((key) => ({ value: key, label: t(`an.rfmSeg.${key}`) }));
export const valueTierOptions = (t: Translate) => VALUE_TIERS.map((key) => ({ value: key, label: t(`an.tier.${key}`) }));
export const riskLevelOptions = (t: Translate) => RISK_LEVELS.map((key) => ({ value: key, label: t(`an.churn.level.${key}`) }));

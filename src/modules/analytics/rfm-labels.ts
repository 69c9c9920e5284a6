import type { Messages } from '../../shared/errors.js';

/** The eight classic RFM value segments, plus lost customers, in display order. */
export const rfmSegmentKeys = [
  'important_value', 'important_develop', 'important_keep', 'important_retain',
  'general_value', 'general_develop', 'general_keep', 'general_retain', 'lost',
] as const;
export type RfmSegmentKey = (typeof rfmSegmentKeys)[number];

export const rfmSegmentLabels: Record<RfmSegmentKey, Messages> = {
  important_value: { 'zh-CN': '重要价值客户', 'en-US': 'Champions' },
  important_develop: { 'zh-CN': '重要发展客户', 'en-US': 'Potential loyalists' },
  important_keep: { 'zh-CN': '重要保持客户', 'en-US': 'Loyal, slipping' },
  important_retain: { 'zh-CN': '重要挽留客户', 'en-US': 'At risk' },
  general_value: { 'zh-CN': '一般价值客户', 'en-US': 'Regulars' },
  general_develop: { 'zh-CN': '一般发展客户', 'en-US': 'Newcomers' },
  general_keep: { 'zh-CN': '一般保持客户', 'en-US': 'Occasional' },
  general_retain: { 'zh-CN': '一般挽留客户', 'en-US': 'Hibernating' },
  lost: { 'zh-CN': '流失客户', 'en-US': 'Lost' },
};

/** The segment of high/low R, F and M (see rfm-segments.ts). */
export function rfmSegmentOf(recentHigh: boolean, frequentHigh: boolean, monetaryHigh: boolean): RfmSegmentKey {
  const importance = monetaryHigh ? 'important' : 'general';
  const stance = recentHigh ? (frequentHigh ? 'value' : 'develop') : frequentHigh ? 'keep' : 'retain';
  return `${importance}_${stance}` as RfmSegmentKey;
}

import { LineChartOutlined } from '@ant-design/icons';
import type { Translate } from '../../i18n/messages';

// Kept apart from the pages so the app shell can list them without loading the chart code.
// 'settings' (the thresholds) is last: everyone may read it, managers and admins change it.
export const ANALYTICS_PAGES = ['value', 'rfm', 'cohorts', 'clv', 'churn', 'c3', 'kpis', 'settings'] as const;
export const ANALYTICS_MENU_KEYS = ANALYTICS_PAGES.map((page) => `analytics/${page}`);

/** The 分析 submenu of the side menu; its children's keys are their paths. */
export function analyticsMenuItem(t: Translate) {
  return {
    key: 'analytics',
    icon: <LineChartOutlined />,
    label: t('nav.analytics'),
    children: ANALYTICS_PAGES.map((page) => ({ key: `analytics/${page}`, label: t(`nav.an.${page}`) })),
  };
}

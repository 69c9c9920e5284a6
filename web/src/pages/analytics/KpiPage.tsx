import { AnalysisEmpty, AnalysisPage } from '../../components/analytics/AnalysisPage';
import { useI18n } from '../../i18n/I18nProvider';

export function KpiPage() {
  const { t } = useI18n();
  return (
    <AnalysisPage title={t('nav.an.kpis')}>
      <AnalysisEmpty title={t('an.empty.notAvailable')} />
    </AnalysisPage>
  );
}

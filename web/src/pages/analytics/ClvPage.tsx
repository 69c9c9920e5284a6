import { Card, Col, Row, Table, Tag, Tooltip, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CalibrationRow, ClvReport, ModelFit } from '../../api/analytics';
import { AnalysisEmpty, AnalysisPage, QueryGate } from '../../components/analytics/AnalysisPage';
import { EChart } from '../../components/analytics/EChart';
import { compactMoney, money, num, pct } from '../../components/analytics/format';
import { NoRunEmpty, RunControl } from '../../components/analytics/RunControl';
import { StatTiles } from '../../components/analytics/StatTiles';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { useClv } from '../../queries/analytics';

/** CLV from the latest analysis run: how well the models fit, how value is spread, and a calibration check. */
export function ClvPage() {
  const { t } = useI18n();
  const query = useClv();
  return (
    <AnalysisPage title={t('an.clv.title')} intro={t('an.clv.intro')} extra={<RunControl />} testId="clv-page">
      <QueryGate query={query} isEmpty={(d) => d.runId === null} empty={<NoRunEmpty />}>
        {(data) => <ClvReportView data={data} />}
      </QueryGate>
    </AnalysisPage>
  );
}

function ClvReportView({ data }: { data: ClvReport }) {
  const { t } = useI18n();
  return (
    <>
      <StatTiles
        tiles={[
          { key: 'total-clv', title: t('an.clv.total'), value: money(data.totalClv) },
          { key: 'clv-customers', title: t('an.customers'), value: num(data.customers) },
          { key: 'horizon', title: t('an.clv.horizon'), value: data.horizonMonths === null ? '—' : t('an.clv.horizonValue', { n: data.horizonMonths }) },
          { key: 'discount', title: t('an.clv.discount'), value: pct(data.discountRate) },
          { key: 'as-of', title: t('an.asOf'), value: data.asOf ?? '—' },
        ]}
      />
      <FitTable data={data} />
      <Row gutter={[16, 16]} style={{ marginTop: 16 }}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('an.clv.distribution')}>
            {data.distribution.length > 0 ? <DistributionChart data={data} /> : <AnalysisEmpty title={t('an.empty.noRows')} />}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={data.holdoutDays === null ? t('an.clv.calibration') : t('an.clv.calibrationDays', { n: data.holdoutDays })}>
            {data.calibration.length > 0 ? (
              <CheckChart testId="chart-clv-calibration" title={t('an.clv.calibration')} rows={data.calibration} yName={t('an.clv.meanPurchases')} digits={2} />
            ) : (
              <AnalysisEmpty title={t('an.empty.noRows')} hint={t('an.clv.calibrationNone')} />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('an.clv.frequencyCheck')}>
            {data.frequencyCheck.length > 0 ? (
              <CheckChart testId="chart-clv-frequency" title={t('an.clv.frequencyCheck')} rows={data.frequencyCheck} yName={t('an.customers')} digits={1} />
            ) : (
              <AnalysisEmpty title={t('an.empty.noRows')} />
            )}
          </Card>
        </Col>
      </Row>
    </>
  );
}

type FitRow = { key: string; model: string; fit: ModelFit | null; used: boolean };

// Parameters as named in the literature, Greek where the papers use Greek.
const PARAM_NAMES: Record<string, string> = { alpha: 'α', beta: 'β', gamma: 'γ' };
const PARAM_ORDER = ['r', 'alpha', 's', 'beta', 'a', 'b', 'p', 'q', 'gamma'];
const paramRank = (name: string) => (PARAM_ORDER.includes(name) ? PARAM_ORDER.indexOf(name) : PARAM_ORDER.length);

function FitTable({ data }: { data: ClvReport }) {
  const { t } = useI18n();
  const fits = data.fits;
  const rows: FitRow[] = [
    { key: 'bgnbd', model: 'BG/NBD', fit: fits?.bgNbd ?? null, used: data.purchaseModel === 'bgnbd' },
    ...(fits?.paretoNbd ? [{ key: 'pareto-nbd', model: 'Pareto/NBD', fit: fits.paretoNbd, used: data.purchaseModel === 'pareto-nbd' }] : []),
    { key: 'gamma-gamma', model: 'Gamma-Gamma', fit: fits?.gammaGamma ?? null, used: true },
  ];
  const columns: ColumnsType<FitRow> = [
    {
      key: 'model',
      title: t('an.clv.model'),
      width: 130,
      render: (_, r) => (
        <>
          {r.model} {r.used && r.key !== 'gamma-gamma' && <Tag color="blue">{t('an.clv.used')}</Tag>}
        </>
      ),
    },
    {
      key: 'params',
      title: t('an.clv.params'),
      render: (_, r) =>
        r.fit?.params
          ? Object.entries(r.fit.params)
              .sort(([x], [y]) => paramRank(x) - paramRank(y))
              .map(([name, v]) => `${PARAM_NAMES[name] ?? name} = ${Number.isFinite(v) ? +v.toPrecision(4) : '∞'}`)
              .join(', ')
          : '—',
    },
    { key: 'll', title: t('an.clv.logLik'), align: 'right', width: 120, render: (_, r) => (r.fit && Number.isFinite(r.fit.logLikelihood) ? r.fit.logLikelihood.toFixed(1) : '—') },
    { key: 'status', title: t('an.clv.status'), width: 200, render: (_, r) => <FitStatusTag fit={r.fit} /> },
  ];
  return (
    <>
      <Typography.Title level={5}>{t('an.clv.fits')}</Typography.Title>
      {data.purchaseModel === 'fallback' && (
        <Typography.Paragraph type="warning" data-testid="fit-fallback">
          {t('an.clv.fallbackNote')}
        </Typography.Paragraph>
      )}
      <Table<FitRow> rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 620 }} data-testid="fit-table" />
    </>
  );
}

function FitStatusTag({ fit }: { fit: ModelFit | null }) {
  const { t } = useI18n();
  if (!fit) return <Tag>{t('an.clv.noFit')}</Tag>;
  const color = fit.status === 'converged' ? 'success' : fit.status === 'not_converged' ? 'warning' : 'error';
  const label = t(`an.clv.fitStatus.${fit.status}` as MessageKey) || fit.status;
  return (
    <Tooltip title={fit.status}>
      <Tag color={color} data-testid={`fit-status-${fit.status}`}>
        {label}
      </Tag>
    </Tooltip>
  );
}

function DistributionChart({ data }: { data: ClvReport }) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const zh = locale === 'zh-CN';
  const labels = data.distribution.map((b) => `${compactMoney(b.from, zh)}–${compactMoney(b.to, zh)}`);
  return (
    <EChart
      testId="chart-clv-distribution"
      ariaLabel={t('an.clv.distribution')}
      option={{
        grid: { left: 8, right: 16, top: 32, bottom: 8, containLabel: true },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: labels, axisLabel: { rotate: 40, fontSize: 10 } },
        yAxis: { type: 'value', name: t('an.customers') },
        series: [{ name: t('an.customers'), type: 'bar', barCategoryGap: '8%', data: data.distribution.map((b) => b.customers), color: token.colorPrimary }],
      }}
    />
  );
}

/** Actual (bars) against what the model expected (line), by past repeat purchases. */
function CheckChart({ testId, title, rows, yName, digits }: { testId: string; title: string; rows: CalibrationRow[]; yName: string; digits: number }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <EChart
      testId={testId}
      ariaLabel={title}
      option={{
        grid: { left: 8, right: 16, top: 40, bottom: 24, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => num(v, digits) },
        xAxis: { type: 'category', data: rows.map((c) => c.label), name: t('an.clv.frequency'), nameLocation: 'middle', nameGap: 26 },
        yAxis: { type: 'value', name: yName },
        series: [
          { name: t('an.clv.actual'), type: 'bar', data: rows.map((c) => c.actual), color: token.colorPrimary },
          { name: t('an.clv.expected'), type: 'line', data: rows.map((c) => c.expected), color: token.colorWarning, symbolSize: 7 },
        ],
      }}
    />
  );
}

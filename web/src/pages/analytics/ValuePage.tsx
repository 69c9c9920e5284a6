import { Card, Col, Row, Table, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { ConcentrationReport, ValueTier } from '../../api/analytics';
import { OrdersAnalysisPage } from '../../components/analytics/AnalysisPage';
import { EChart } from '../../components/analytics/EChart';
import { compactMoney, money, num, pct } from '../../components/analytics/format';
import { StatTiles } from '../../components/analytics/StatTiles';
import { useI18n } from '../../i18n/I18nProvider';
import type { Translate } from '../../i18n/messages';
import { useConcentration } from '../../queries/analytics';

/** 80/20: who brings the revenue and the profit, and how much the unprofitable tail takes back. */
export function ValuePage() {
  const { t } = useI18n();
  return (
    <OrdersAnalysisPage title={t('an.value.title')} intro={t('an.value.intro')} testId="value-page" useReport={useConcentration} isEmpty={(d) => d.buyers === 0}>
      {(data) => <ValueReport data={data} />}
    </OrdersAnalysisPage>
  );
}

function ValueReport({ data }: { data: ConcentrationReport }) {
  const { t } = useI18n();
  const destroyed = Number(data.destroyed);
  return (
    <>
      <StatTiles
        tiles={[
          { key: 'buyers', title: t('an.value.buyers'), value: num(data.buyers) },
          { key: 'gini', title: t('an.value.gini'), value: data.gini === null ? '—' : data.gini.toFixed(3), help: t('an.value.giniHelp') },
          { key: 'top20-revenue', title: t('an.value.top20Revenue'), value: pct(data.top20RevenueShare) },
          { key: 'top20-profit', title: t('an.value.top20Profit'), value: pct(data.top20ProfitShare), help: t('an.value.top20ProfitHelp') },
          { key: 'peak', title: t('an.value.peak'), value: pct(data.whalePeak?.profitShare ?? null), help: t('an.value.peakHelp', { at: pct(data.whalePeak?.customerShare ?? null, 0) }) },
          { key: 'destroyed', title: t('an.value.destroyed'), value: money(data.destroyed), help: t('an.value.destroyedHelp'), color: destroyed > 0 ? '#cf1322' : undefined },
        ]}
      />
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('an.value.lorenz')}>
            <LorenzChart data={data} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('an.value.whale')}>
            <WhaleChart data={data} />
          </Card>
        </Col>
      </Row>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('an.value.tiers')}
      </Typography.Title>
      <TiersTable data={data} />
    </>
  );
}

const share = (v: number) => `${Math.round(v * 100)}%`;

function LorenzChart({ data }: { data: ConcentrationReport }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const points = data.lorenz.filter((p) => p.valueShare !== null).map((p) => [p.customerShare, p.valueShare]);
  return (
    <EChart
      testId="chart-lorenz"
      ariaLabel={t('an.value.lorenz')}
      option={{
        grid: { left: 48, right: 16, top: 32, bottom: 40 },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v) },
        legend: { top: 0 },
        xAxis: { type: 'value', min: 0, max: 1, name: t('an.value.buyersShareAsc'), nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: share } },
        yAxis: { type: 'value', min: 0, max: 1, axisLabel: { formatter: share } },
        series: [
          { name: t('an.value.revenueShare'), type: 'line', showSymbol: false, data: points, areaStyle: { opacity: 0.15 }, color: token.colorPrimary },
          { name: t('an.value.equality'), type: 'line', showSymbol: false, data: [[0, 0], [1, 1]], lineStyle: { type: 'dashed' }, color: token.colorTextQuaternary },
        ],
      }}
    />
  );
}

function WhaleChart({ data }: { data: ConcentrationReport }) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const points = data.whale.filter((p) => p.valueShare !== null).map((p) => [p.customerShare, p.valueShare]);
  const peak = data.whalePeak;
  const destroyed = Number(data.destroyed);
  return (
    <EChart
      testId="chart-whale"
      ariaLabel={t('an.value.whale')}
      option={{
        grid: { left: 48, right: 24, top: 40, bottom: 40 },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => pct(v) },
        xAxis: { type: 'value', min: 0, max: 1, name: t('an.value.buyersShareDesc'), nameLocation: 'middle', nameGap: 26, axisLabel: { formatter: share } },
        yAxis: { type: 'value', axisLabel: { formatter: share } },
        series: [
          {
            name: t('an.value.profitShare'),
            type: 'line',
            showSymbol: false,
            data: points,
            color: token.colorSuccess,
            areaStyle: { opacity: 0.12 },
            markLine: {
              symbol: 'none',
              silent: true,
              lineStyle: { type: 'dashed', color: token.colorTextQuaternary },
              label: { formatter: t('an.value.totalProfit'), position: 'insideStartTop' },
              data: [{ yAxis: 1 }],
            },
            markPoint: {
              symbol: 'circle',
              symbolSize: 10,
              data:
                peak && peak.profitShare !== null
                  ? [{
                      name: 'peak',
                      coord: [peak.customerShare, peak.profitShare],
                      itemStyle: { color: token.colorSuccess },
                      label: {
                        position: 'top',
                        align: 'right',
                        distance: 8,
                        formatter: t('an.value.peakAt', { pct: pct(peak.profitShare), at: pct(peak.customerShare, 0) }),
                        color: token.colorSuccessText,
                        fontWeight: 'bold',
                      },
                    }]
                  : [],
            },
            // The tail after the peak, shaded red with what it destroys.
            markArea:
              peak && destroyed > 0
                ? {
                    silent: true,
                    itemStyle: { color: token.colorErrorBg, opacity: 0.8 },
                    label: { position: 'insideBottomRight', align: 'right', color: token.colorErrorText, formatter: t('an.value.destroyedArea', { amount: compactMoney(destroyed, locale === 'zh-CN') }) },
                    data: [[{ xAxis: peak.customerShare }, { xAxis: 1 }]],
                  }
                : undefined,
          },
        ],
      }}
    />
  );
}

function tierLabel(t: Translate, tier: ValueTier): string {
  return t(`an.tier.${tier}`);
}

function TiersTable({ data }: { data: ConcentrationReport }) {
  const { t } = useI18n();
  const columns: ColumnsType<ConcentrationReport['tiers'][number]> = [
    {
      key: 'tier',
      title: t('an.value.tier'),
      // The list filters on the latest analysis run's tiers: the same definition, as of that run.
      render: (_, r) => (
        <Link to={`/customers?valueTier=${r.tier}`} data-testid={`tier-link-${r.tier}`}>
          {tierLabel(t, r.tier)}
        </Link>
      ),
    },
    { key: 'customers', title: t('an.customers'), align: 'right', render: (_, r) => num(r.customers) },
    { key: 'revenue', title: t('an.revenue'), align: 'right', render: (_, r) => money(r.revenue) },
    { key: 'revenueShare', title: t('an.revenueShareCol'), align: 'right', render: (_, r) => pct(Number(data.revenue) > 0 ? Number(r.revenue) / Number(data.revenue) : null) },
    { key: 'profit', title: t('an.profit'), align: 'right', render: (_, r) => money(r.profit) },
    { key: 'profitShare', title: t('an.profitShareCol'), align: 'right', render: (_, r) => pct(Number(data.profit) !== 0 ? Number(r.profit) / Number(data.profit) : null) },
    { key: 'minProfit', title: t('an.value.minProfit'), align: 'right', render: (_, r) => money(r.minProfit) },
  ];
  return <Table rowKey="tier" size="small" columns={columns} dataSource={data.tiers} pagination={false} scroll={{ x: 640 }} data-testid="tiers-table" />;
}

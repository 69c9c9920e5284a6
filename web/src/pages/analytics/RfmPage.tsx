import { Card, Col, Row, Table, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { RfmReport } from '../../api/analytics';
import { OrdersAnalysisPage } from '../../components/analytics/AnalysisPage';
import { EChart } from '../../components/analytics/EChart';
import { money, num, pct } from '../../components/analytics/format';
import { useI18n } from '../../i18n/I18nProvider';
import { useRfm } from '../../queries/analytics';

/** RFM: the R × F heat map and the nine segments, each a link to its customers. */
export function RfmPage() {
  const { t } = useI18n();
  return (
    <OrdersAnalysisPage title={t('an.rfm.title')} intro={t('an.rfm.intro')} testId="rfm-page" useReport={useRfm} isEmpty={(d) => d.buyers === 0}>
      {(data) => (
        <>
          <Row gutter={[16, 16]} style={{ marginBottom: 16 }}>
            <Col xs={24} lg={10}>
              <Card size="small" title={t('an.rfm.heatmap')}>
                <RfmHeatmap data={data} />
              </Card>
            </Col>
            <Col xs={24} lg={14}>
              <Card size="small" title={t('an.rfm.segmentChart')}>
                <SegmentChart data={data} />
              </Card>
            </Col>
          </Row>
          <SegmentTable data={data} />
        </>
      )}
    </OrdersAnalysisPage>
  );
}

function RfmHeatmap({ data }: { data: RfmReport }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const scores = ['1', '2', '3', '4', '5'];
  const cells = data.heatmap.map((c) => [c.r - 1, c.f - 1, c.customers, c.averageRevenue]);
  const max = Math.max(1, ...data.heatmap.map((c) => c.customers));
  return (
    <EChart
      testId="chart-rfm-heatmap"
      ariaLabel={t('an.rfm.heatmap')}
      height={340}
      option={{
        grid: { left: 52, right: 12, top: 44, bottom: 44 },
        tooltip: {
          formatter: (p: { value: [number, number, number, string] }) =>
            t('an.rfm.cellTip', { r: p.value[0] + 1, f: p.value[1] + 1, n: p.value[2], avg: money(p.value[3]) }),
        },
        xAxis: { type: 'category', data: scores, name: t('an.rfm.rAxis'), nameLocation: 'middle', nameGap: 24, splitArea: { show: true } },
        yAxis: { type: 'category', data: scores, name: t('an.rfm.fAxis'), nameLocation: 'middle', nameGap: 28, splitArea: { show: true } },
        visualMap: {
          dimension: 2,
          min: 0,
          max,
          // Plain ends rather than draggable handles: their labels sat on top of the bar.
          calculable: false,
          orient: 'horizontal',
          right: 0,
          top: 0,
          itemWidth: 12,
          itemHeight: 100,
          text: [String(max), '0'],
          inRange: { color: [token.colorBgLayout, token.colorPrimaryBorder, token.colorPrimary] },
        },
        series: [{ name: t('an.customers'), type: 'heatmap', data: cells, label: { show: true }, emphasis: { itemStyle: { borderColor: '#333', borderWidth: 1 } } }],
      }}
    />
  );
}

/** Customers and revenue share per segment: where the people are versus where the money is. */
function SegmentChart({ data }: { data: RfmReport }) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const segments = [...data.segments].reverse();
  return (
    <EChart
      testId="chart-rfm-segments"
      ariaLabel={t('an.rfm.segmentChart')}
      height={340}
      option={{
        grid: { left: 8, right: 24, top: 28, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' }, valueFormatter: (v: number) => pct(v) },
        xAxis: { type: 'value', axisLabel: { formatter: (v: number) => pct(v, 0) } },
        yAxis: { type: 'category', data: segments.map((s) => s.label[locale]) },
        series: [
          { name: t('an.shareOfBuyers'), type: 'bar', data: segments.map((s) => s.share), color: token.colorPrimary },
          { name: t('an.revenueShareCol'), type: 'bar', data: segments.map((s) => s.revenueShare), color: token.colorWarning },
        ],
      }}
    />
  );
}

type Segment = RfmReport['segments'][number];

function SegmentTable({ data }: { data: RfmReport }) {
  const { t, locale } = useI18n();
  const columns: ColumnsType<Segment> = [
    {
      key: 'segment',
      title: t('an.rfm.segment'),
      fixed: 'left',
      width: 130,
      render: (_, s) =>
        s.customers > 0 ? (
          <Link to={`/customers?rfmSegment=${s.key}`} data-testid={`rfm-link-${s.key}`}>
            {s.label[locale]}
          </Link>
        ) : (
          s.label[locale]
        ),
    },
    { key: 'customers', title: t('an.customers'), align: 'right', width: 80, render: (_, s) => <span data-testid={`rfm-count-${s.key}`}>{num(s.customers)}</span> },
    { key: 'share', title: t('an.shareOfBuyers'), align: 'right', width: 80, render: (_, s) => pct(s.share) },
    { key: 'revenueShare', title: t('an.revenueShareCol'), align: 'right', width: 90, render: (_, s) => pct(s.revenueShare) },
    { key: 'days', title: t('an.rfm.avgDays'), align: 'right', width: 100, render: (_, s) => num(s.averageDaysSinceLast) },
    { key: 'orders', title: t('an.rfm.avgOrders'), align: 'right', width: 90, render: (_, s) => num(s.averageOrders, 1) },
    { key: 'avgRevenue', title: t('an.rfm.avgRevenue'), align: 'right', width: 110, render: (_, s) => money(s.averageRevenue) },
    { key: 'strategy', title: t('an.rfm.strategy'), width: 220, render: (_, s) => <Typography.Text type="secondary">{t(`an.rfmStrategy.${s.key}`)}</Typography.Text> },
  ];
  return (
    <Table<Segment>
      rowKey="key"
      size="small"
      columns={columns}
      dataSource={data.segments}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="rfm-segments"
      summary={() => (
        <Table.Summary.Row>
          <Table.Summary.Cell index={0}>{t('an.total')}</Table.Summary.Cell>
          <Table.Summary.Cell index={1} align="right">
            {num(data.buyers)}
          </Table.Summary.Cell>
        </Table.Summary.Row>
      )}
    />
  );
}

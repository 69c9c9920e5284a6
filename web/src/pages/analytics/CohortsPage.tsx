import { useState } from 'react';
import { Card, Segmented, Table, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { CohortReport } from '../../api/analytics';
import { OrdersAnalysisPage } from '../../components/analytics/AnalysisPage';
import { EChart } from '../../components/analytics/EChart';
import { money, num, pct } from '../../components/analytics/format';
import { useI18n } from '../../i18n/I18nProvider';
import { useCohorts } from '../../queries/analytics';

type Cohort = CohortReport['cohorts'][number];
type Metric = 'retention' | 'active' | 'revenue';

/** Monthly acquisition cohorts: how many of each month's new buyers bought again, and what they spent. */
export function CohortsPage() {
  const { t } = useI18n();
  return (
    <OrdersAnalysisPage title={t('an.cohorts.title')} intro={t('an.cohorts.intro')} testId="cohorts-page" useReport={useCohorts} isEmpty={(d) => d.cohorts.length === 0}>
      {(data) => (
        <>
          <Card size="small" title={t('an.cohorts.heatmap')}>
            <CohortHeatmap data={data} />
          </Card>
          <CohortTable data={data} />
        </>
      )}
    </OrdersAnalysisPage>
  );
}

function CohortHeatmap({ data }: { data: CohortReport }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  const months = data.cohorts.map((c) => c.month);
  const span = Math.max(...data.cohorts.map((c) => c.cells.length));
  // Month 0 is 100% by definition and would flatten the colour scale: it is drawn, not coloured.
  const cells = data.cohorts.flatMap((c, y) => c.cells.filter((cell) => cell.monthsSince > 0).map((cell) => [cell.monthsSince, y, cell.retention, cell.active]));
  const max = Math.max(0.05, ...cells.map((c) => c[2] as number));
  return (
    <EChart
      testId="chart-cohorts"
      ariaLabel={t('an.cohorts.heatmap')}
      height={Math.max(260, 22 * months.length + 90)}
      option={{
        grid: { left: 64, right: 12, top: 44, bottom: 44 },
        tooltip: {
          formatter: (p: { value: [number, number, number, number] }) =>
            t('an.cohorts.cellTip', { month: months[p.value[1]] ?? '', since: p.value[0], n: p.value[3], pct: pct(p.value[2]) }),
        },
        xAxis: { type: 'category', data: Array.from({ length: span }, (_, i) => String(i)), name: t('an.cohorts.monthsSince'), nameLocation: 'middle', nameGap: 24 },
        yAxis: { type: 'category', data: months, inverse: true },
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
          text: [pct(max, 0), '0%'],
          inRange: { color: [token.colorBgLayout, token.colorSuccessBorder, token.colorSuccess] },
        },
        series: [{ name: t('an.cohorts.retention'), type: 'heatmap', data: cells }],
      }}
    />
  );
}

function CohortTable({ data }: { data: CohortReport }) {
  const { t } = useI18n();
  const [metric, setMetric] = useState<Metric>('retention');
  const span = Math.max(...data.cohorts.map((c) => c.cells.length));
  const show = (cell: Cohort['cells'][number] | undefined) => {
    if (!cell) return '';
    if (metric === 'retention') return pct(cell.retention, 0);
    if (metric === 'active') return num(cell.active);
    return money(cell.revenue);
  };
  const columns: ColumnsType<Cohort> = [
    { key: 'month', title: t('an.cohorts.cohort'), dataIndex: 'month', fixed: 'left', width: 84 },
    { key: 'size', title: t('an.cohorts.size'), align: 'right', width: 72, render: (_, c) => num(c.size) },
    ...Array.from({ length: span }, (_, i) => ({
      key: `m${i}`,
      title: t('an.cohorts.monthN', { n: i }),
      align: 'right' as const,
      width: metric === 'revenue' ? 110 : 64,
      render: (_: unknown, c: Cohort) => show(c.cells.find((cell) => cell.monthsSince === i)),
    })),
  ];
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 24 }}>
        {t('an.cohorts.table')}
      </Typography.Title>
      <Segmented<Metric>
        value={metric}
        onChange={setMetric}
        style={{ marginBottom: 8 }}
        options={[
          { value: 'retention', label: t('an.cohorts.retention') },
          { value: 'active', label: t('an.cohorts.active') },
          { value: 'revenue', label: t('an.revenue') },
        ]}
      />
      <Table<Cohort>
        rowKey="month"
        size="small"
        columns={columns}
        dataSource={data.cohorts}
        pagination={false}
        scroll={{ x: 160 + span * (metric === 'revenue' ? 110 : 64) }}
        data-testid="cohort-table"
      />
    </>
  );
}

import { useMemo, useState } from 'react';
import { Card, DatePicker, Flex, Grid, Segmented, Select, Table, Tooltip, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import dayjs, { type Dayjs } from 'dayjs';
import { KPI_BY, type KpiBy, type KpiPeriodName, type KpiReport, type KpiRow } from '../../api/analytics';
import { AnalysisEmpty, AnalysisPage, QueryGate } from '../../components/analytics/AnalysisPage';
import { EChart } from '../../components/analytics/EChart';
import { compactMoney, money, num, pct } from '../../components/analytics/format';
import { StatTiles } from '../../components/analytics/StatTiles';
import { useI18n } from '../../i18n/I18nProvider';
import type { Translate } from '../../i18n/messages';
import { useKpis } from '../../queries/analytics';

/** The KPIs a chart can draw: counts, rates (0..1) and money. */
const CHART_KPIS = ['activeCustomers', 'newCustomers', 'churnedCustomers', 'retentionRate', 'revenue', 'margin', 'top20RevenueShare', 'complaints'] as const;
type ChartKpi = (typeof CHART_KPIS)[number];
const RATES = new Set<string>(['retentionRate', 'top20RevenueShare', 'renewalRate', 'complaintBreachRate']);
const MONEY = new Set<string>(['revenue', 'margin']);

function kpiValue(row: KpiRow, kpi: ChartKpi): number | null {
  const v = row[kpi];
  return v === null ? null : Number(v);
}

/** Manager KPIs by region, team or owner over months or quarters, with next quarter's revenue forecast. */
export function KpiPage() {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const [by, setBy] = useState<KpiBy>('company');
  const [period, setPeriod] = useState<KpiPeriodName>('month');
  const [range, setRange] = useState<[Dayjs, Dayjs] | null>(null);
  const query = useKpis({
    by,
    period,
    from: range ? range[0].startOf('month').format('YYYY-MM-DD') : undefined,
    to: range ? range[1].endOf('month').format('YYYY-MM-DD') : undefined,
  });
  return (
    <AnalysisPage
      title={t('an.kpi.title')}
      intro={t('an.kpi.intro')}
      testId="kpi-page"
      extra={
        <>
          <Segmented<KpiBy> value={by} onChange={setBy} options={KPI_BY.map((b) => ({ value: b, label: t(`an.kpi.by.${b}`) }))} data-testid="kpi-by" />
          <Segmented<KpiPeriodName>
            value={period}
            onChange={setPeriod}
            options={[
              { value: 'month', label: t('an.kpi.period.month') },
              { value: 'quarter', label: t('an.kpi.period.quarter') },
            ]}
          />
          <DatePicker.RangePicker
            picker="month"
            value={range}
            onChange={(v) => setRange(v && v[0] && v[1] ? [v[0], v[1]] : null)}
            disabledDate={(d) => d.isAfter(dayjs(), 'month')}
            style={{ width: narrow ? '100%' : 240 }}
          />
        </>
      }
    >
      <QueryGate query={query} isEmpty={(d) => d.rows.length === 0} empty={<AnalysisEmpty title={t('an.empty.noOrders')} hint={t('an.empty.noOrdersHint')} />}>
        {(data) => <KpiReportView data={data} />}
      </QueryGate>
    </AnalysisPage>
  );
}

function KpiReportView({ data }: { data: KpiReport }) {
  const { t } = useI18n();
  const [kpi, setKpi] = useState<ChartKpi>('revenue');
  const f = data.forecast;
  return (
    <>
      {f && (
        <StatTiles
          tiles={[
            { key: 'forecast', title: `${t('an.kpi.forecast')} · ${f.nextQuarter}`, value: money(f.revenue), help: t('an.kpi.method', { method: f.method }), wide: true },
            { key: 'forecast-range', title: t('an.kpi.forecastRangeTitle'), value: `${money(f.low)} – ${money(f.high)}`, wide: true },
          ]}
        />
      )}
      <Card
        size="small"
        title={t('an.kpi.chart')}
        extra={
          <Select<ChartKpi>
            size="small"
            aria-label={t('an.kpi.metric')}
            value={kpi}
            onChange={setKpi}
            options={CHART_KPIS.map((k) => ({ value: k, label: t(`an.kpi.${k}`) }))}
            style={{ width: 150 }}
          />
        }
      >
        <KpiChart data={data} kpi={kpi} />
      </Card>
      <KpiTable data={data} />
    </>
  );
}

function formatKpi(kpi: string, v: number | string | null): string {
  if (v === null) return '—';
  if (RATES.has(kpi)) return pct(Number(v));
  if (MONEY.has(kpi)) return money(v);
  return num(Number(v));
}

function KpiChart({ data, kpi }: { data: KpiReport; kpi: ChartKpi }) {
  const { t, locale } = useI18n();
  const { token } = theme.useToken();
  const periods = data.periods.map((p) => p.key);
  // One line per group, the largest groups by revenue first; more than ten lines say nothing.
  const groups = useMemo(() => {
    const byKey = new Map<string, { label: string; revenue: number; rows: Map<string, KpiRow> }>();
    for (const row of data.rows) {
      const g = byKey.get(row.key) ?? { label: row.label, revenue: 0, rows: new Map() };
      g.revenue += Number(row.revenue);
      g.rows.set(row.period, row);
      byKey.set(row.key, g);
    }
    return [...byKey.values()].sort((a, b) => b.revenue - a.revenue).slice(0, 10);
  }, [data.rows]);
  const axisLabel = RATES.has(kpi)
    ? (v: number) => pct(v, 0)
    : MONEY.has(kpi)
      ? (v: number) => compactMoney(v, locale === 'zh-CN')
      : undefined;
  return (
    <EChart
      testId="chart-kpis"
      ariaLabel={t(`an.kpi.${kpi}`)}
      option={{
        grid: { left: 8, right: 16, top: 40, bottom: 8, containLabel: true },
        legend: { top: 0, type: 'scroll' },
        tooltip: { trigger: 'axis', valueFormatter: (v: number) => formatKpi(kpi, v) },
        xAxis: { type: 'category', data: periods },
        yAxis: { type: 'value', axisLabel: axisLabel ? { formatter: axisLabel } : {} },
        color: [token.colorPrimary, token.colorSuccess, token.colorWarning, token.colorError, '#722ed1', '#13c2c2', '#eb2f96', '#fa8c16', '#a0d911', '#2f54eb'],
        series: groups.map((g) => ({
          name: g.label,
          type: 'line',
          connectNulls: false,
          data: periods.map((p) => {
            const row = g.rows.get(p);
            return row ? kpiValue(row, kpi) : null;
          }),
        })),
      }}
    />
  );
}

function Unavailable({ reason }: { reason: string }) {
  return (
    <Tooltip title={reason}>
      <Typography.Text type="secondary" style={{ cursor: 'help' }} data-testid="kpi-unavailable">
        —
      </Typography.Text>
    </Tooltip>
  );
}

function kpiColumns(t: Translate, data: KpiReport): ColumnsType<KpiRow> {
  const reasons = new Map(data.unavailable.map((u) => [u.field, u.reason]));
  const reasonFor = (field: string) => t('an.kpi.unavailable', { reason: reasons.get(field) ?? t('an.kpi.unavailableDefault') });
  const cell = (field: keyof KpiRow) => (_: unknown, r: KpiRow) => {
    const v = r[field];
    return v === null ? <Unavailable reason={reasonFor(field)} /> : formatKpi(field, v);
  };
  const column = (field: keyof KpiRow, width = 100) => ({ key: field, title: t(`an.kpi.${field}` as Parameters<Translate>[0]), align: 'right' as const, width, render: cell(field) });
  return [
    { key: 'group', title: t('an.kpi.group'), fixed: 'left', width: 110, render: (_, r) => r.label },
    { key: 'period', title: t('an.kpi.period'), width: 90, render: (_, r) => r.period },
    column('activeCustomers'),
    column('newCustomers', 80),
    column('churnedCustomers', 80),
    column('retentionRate', 80),
    column('revenue', 120),
    column('margin', 120),
    column('top20RevenueShare'),
    column('complaints', 70),
    column('renewalRate', 80),
    column('complaintBreachRate'),
    {
      key: 'revisits',
      title: t('an.kpi.revisits'),
      align: 'right',
      width: 110,
      render: (_, r) =>
        r.revisitsDone === null || r.revisitsPlanned === null ? <Unavailable reason={reasonFor(r.revisitsDone === null ? 'revisitsDone' : 'revisitsPlanned')} /> : `${r.revisitsDone}/${r.revisitsPlanned}`,
    },
  ];
}

function KpiTable({ data }: { data: KpiReport }) {
  const { t } = useI18n();
  // Latest period first: a manager reads this month before last year.
  const rows = useMemo(() => [...data.rows].sort((a, b) => b.period.localeCompare(a.period) || a.label.localeCompare(b.label)), [data.rows]);
  return (
    <Table<KpiRow>
      rowKey={(r) => `${r.key}|${r.period}`}
      size="small"
      columns={kpiColumns(t, data)}
      dataSource={rows}
      pagination={rows.length > 50 ? { pageSize: 50, showSizeChanger: false } : false}
      scroll={{ x: 1300 }}
      style={{ marginTop: 16 }}
      data-testid="kpi-table"
    />
  );
}

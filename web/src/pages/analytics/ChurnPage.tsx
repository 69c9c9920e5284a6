import { useMemo, useState } from 'react';
import { ArrowDownOutlined, ArrowUpOutlined } from '@ant-design/icons';
import { Card, Flex, Grid, Input, Segmented, Select, Spin, Table, Tag, Tooltip, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { CHURN_REPORT_BY, type ChurnReport, type ChurnReportBy, type ChurnRiskItem, type ChurnRiskQuery, type RfmSegmentKey } from '../../api/analytics';
import { AnalysisEmpty, AnalysisPage, QueryGate } from '../../components/analytics/AnalysisPage';
import { EChart } from '../../components/analytics/EChart';
import { money, num, pct } from '../../components/analytics/format';
import { RiskTag, rfmSegmentOptions, riskLevelOptions } from '../../components/analytics/labels';
import { NoRunEmpty, RunControl } from '../../components/analytics/RunControl';
import { useDebouncedText } from '../../hooks/useDebouncedText';
import { useI18n } from '../../i18n/I18nProvider';
import { useChurnReport, useChurnRisk } from '../../queries/analytics';
import { useUsers } from '../../queries/reference';
import { ListPager } from '../customers/ListPager';
import { useCursorPages } from '../customers/useCursorPages';

const PAGE_SIZE = 20;

/** Churn early warning: who is at risk and why, then which kinds of customer churn, when and why. */
export function ChurnPage() {
  const { t } = useI18n();
  return (
    <AnalysisPage title={t('an.churn.title')} intro={t('an.churn.intro')} extra={<RunControl />} testId="churn-page">
      <RiskList />
      <ChurnReportBlock />
    </AnalysisPage>
  );
}

type Filters = { levels: string[]; ownerId?: string; region: string; segment?: RfmSegmentKey };

function RiskList() {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const [filters, setFilters] = useState<Filters>({ levels: [], region: '' });
  const region = useDebouncedText(filters.region, (r) => setFilters((f) => ({ ...f, region: r })));
  const users = useUsers();
  const base: ChurnRiskQuery = useMemo(
    () => ({
      level: filters.levels.length > 0 ? filters.levels.join(',') : undefined,
      ownerId: filters.ownerId,
      region: filters.region || undefined,
      segment: filters.segment,
      limit: PAGE_SIZE,
    }),
    [filters],
  );
  const pages = useCursorPages(JSON.stringify(base));
  const query = useChurnRisk({ ...base, cursor: pages.cursor });
  const width = narrow ? '100%' : 160;

  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('an.churn.list')}
        {query.data && query.data.runId !== null && (
          <Typography.Text type="secondary" style={{ fontWeight: 'normal', marginInlineStart: 8 }} data-testid="churn-total">
            {t('an.churn.totalCount', { n: query.data.total })}
          </Typography.Text>
        )}
      </Typography.Title>
      <Flex gap={8} wrap vertical={narrow} style={{ marginBottom: 12 }}>
        <Select
          mode="multiple"
          allowClear
          aria-label={t('an.churn.level')}
          placeholder={t('an.churn.levelDefault')}
          value={filters.levels}
          onChange={(levels) => setFilters((f) => ({ ...f, levels }))}
          options={riskLevelOptions(t)}
          style={{ minWidth: width, width }}
          data-testid="churn-level"
        />
        <Select
          allowClear
          showSearch={{ optionFilterProp: 'label' }}
          aria-label={t('an.churn.owner')}
          placeholder={t('an.churn.owner')}
          value={filters.ownerId}
          onChange={(ownerId?: string) => setFilters((f) => ({ ...f, ownerId }))}
          options={(users.data ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
          style={{ width }}
        />
        <Input
          allowClear
          aria-label={t('an.churn.region')}
          placeholder={t('an.churn.region')}
          value={region.text}
          onChange={(e) => region.setText(e.target.value)}
          onPressEnter={region.flush}
          style={{ width: narrow ? '100%' : 120 }}
        />
        <Select
          allowClear
          aria-label={t('an.churn.segment')}
          placeholder={t('an.churn.segment')}
          value={filters.segment}
          onChange={(segment?: RfmSegmentKey) => setFilters((f) => ({ ...f, segment }))}
          options={rfmSegmentOptions(t)}
          style={{ width }}
        />
      </Flex>
      <QueryGate
        query={query}
        isEmpty={(d) => d.runId === null}
        empty={<NoRunEmpty />}
      >
        {(data) => (
          <>
            {narrow ? <RiskCards items={data.items} loading={query.isFetching} /> : <RiskTable items={data.items} loading={query.isFetching} />}
            <ListPager page={pages.page} canPrev={pages.canPrev} nextCursor={data.nextCursor} disabled={query.isFetching} onPrev={pages.prev} onNext={pages.next} />
          </>
        )}
      </QueryGate>
    </>
  );
}

function PAliveCell({ item }: { item: ChurnRiskItem }) {
  const { token } = theme.useToken();
  const change = item.pAliveChange;
  return (
    <span>
      {pct(item.pAlive, 0)}
      {change !== null && Math.abs(change) >= 0.005 && (
        <Typography.Text style={{ fontSize: 12, marginInlineStart: 4, color: change < 0 ? token.colorError : token.colorSuccess }}>
          {change < 0 ? <ArrowDownOutlined /> : <ArrowUpOutlined />}
          {pct(Math.abs(change), 0)}
        </Typography.Text>
      )}
    </span>
  );
}

function ReasonTags({ item }: { item: ChurnRiskItem }) {
  return (
    <Flex gap={4} wrap>
      {item.reasons.map((r) => (
        <Tooltip key={r.code} title={r.detail}>
          <Tag color="volcano" style={{ marginInlineEnd: 0 }} data-testid={`reason-${r.code}`}>
            {r.label}
          </Tag>
        </Tooltip>
      ))}
    </Flex>
  );
}

/** The phone layout: one card per customer, the reasons in full view rather than off to the side. */
function RiskCards({ items, loading }: { items: ChurnRiskItem[]; loading: boolean }) {
  const { t } = useI18n();
  if (!loading && items.length === 0) return <AnalysisEmpty title={t('an.empty.noneAtRisk')} />;
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8} data-testid="risk-cards">
        {items.map((c) => (
          <Card key={c.customerId} size="small">
            <Flex justify="space-between" align="center" gap={8}>
              <Link to={`/customers/${c.customerId}`} data-testid="risk-customer-link" style={{ fontSize: 16, fontWeight: 500 }}>
                {c.name}
              </Link>
              <RiskTag level={c.riskLevel} score={c.riskScore} t={t} />
            </Flex>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12, margin: '2px 0 6px' }}>
              {t('an.churn.pAlive')} <PAliveCell item={c} /> · {c.rfmLabel} · {t(`an.tier.${c.valueTier}`)} · {money(c.clv)}
              {c.ownerName ? ` · ${c.ownerName}` : ''}
              {c.region ? ` · ${c.region}` : ''}
            </Typography.Text>
            <ReasonTags item={c} />
          </Card>
        ))}
      </Flex>
    </Spin>
  );
}

function RiskTable({ items, loading }: { items: ChurnRiskItem[]; loading: boolean }) {
  const { t } = useI18n();
  const columns: ColumnsType<ChurnRiskItem> = [
    {
      key: 'name',
      title: t('an.churn.customer'),
      fixed: 'left',
      width: 120,
      render: (_, c) => (
        <Link to={`/customers/${c.customerId}`} data-testid="risk-customer-link">
          {c.name}
        </Link>
      ),
    },
    { key: 'risk', title: t('an.churn.score'), width: 90, render: (_, c) => <RiskTag level={c.riskLevel} score={c.riskScore} t={t} /> },
    { key: 'pAlive', title: t('an.churn.pAlive'), width: 110, render: (_, c) => <PAliveCell item={c} /> },
    {
      key: 'reasons',
      title: t('an.churn.reasons'),
      width: 280,
      render: (_, c) => <ReasonTags item={c} />,
    },
    { key: 'segment', title: t('an.churn.segment'), width: 110, render: (_, c) => c.rfmLabel },
    { key: 'tier', title: t('list.valueTier'), width: 90, render: (_, c) => t(`an.tier.${c.valueTier}`) },
    { key: 'clv', title: t('an.scores.clv'), width: 110, align: 'right', render: (_, c) => money(c.clv) },
    { key: 'owner', title: t('an.churn.owner'), width: 90, render: (_, c) => c.ownerName ?? t('common.none') },
    { key: 'region', title: t('an.churn.region'), width: 90, render: (_, c) => c.region ?? t('common.none') },
  ];
  return (
    <Table<ChurnRiskItem>
      rowKey="customerId"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 1090 }}
      locale={{ emptyText: t('an.empty.noneAtRisk') }}
      data-testid="risk-table"
    />
  );
}

type ReportRow = ChurnReport['rows'][number];

function ChurnReportBlock() {
  const { t } = useI18n();
  const [by, setBy] = useState<ChurnReportBy>('segment');
  const query = useChurnReport(by);
  return (
    <>
      <Typography.Title level={5} style={{ marginTop: 32 }}>
        {t('an.churn.report')}
      </Typography.Title>
      <Segmented<ChurnReportBy>
        value={by}
        onChange={setBy}
        options={CHURN_REPORT_BY.map((b) => ({ value: b, label: t(`an.churn.by.${b}`) }))}
        style={{ marginBottom: 12, maxWidth: '100%', overflowX: 'auto' }}
        data-testid="churn-report-by"
      />
      <QueryGate query={query} isEmpty={(d) => d.asOf === null} empty={<NoRunEmpty />}>
        {(data) =>
          data.rows.length === 0 ? (
            <AnalysisEmpty title={t('an.empty.noRows')} />
          ) : (
            <>
              <Card size="small">
                <ReportChart rows={data.rows} />
              </Card>
              <ReportTable rows={data.rows} />
            </>
          )
        }
      </QueryGate>
    </>
  );
}

function ReportChart({ rows }: { rows: ReportRow[] }) {
  const { t } = useI18n();
  const { token } = theme.useToken();
  return (
    <EChart
      testId="chart-churn-report"
      ariaLabel={t('an.churn.report')}
      option={{
        grid: { left: 8, right: 8, top: 36, bottom: 8, containLabel: true },
        legend: { top: 0 },
        tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
        xAxis: { type: 'category', data: rows.map((r) => r.label || t('common.none')), axisLabel: { rotate: rows.length > 6 ? 35 : 0, fontSize: 11 } },
        yAxis: [
          { type: 'value', name: t('an.customers') },
          { type: 'value', name: t('an.churn.churnRate'), min: 0, max: 1, axisLabel: { formatter: (v: number) => pct(v, 0) }, splitLine: { show: false } },
        ],
        series: [
          { name: t('an.churn.churned'), type: 'bar', stack: 'n', data: rows.map((r) => r.churned), color: token.colorError },
          { name: t('an.churn.atRisk'), type: 'bar', stack: 'n', data: rows.map((r) => r.atRisk), color: token.colorWarning },
          {
            name: t('an.churn.churnRate'),
            type: 'line',
            yAxisIndex: 1,
            data: rows.map((r) => r.churnRate),
            color: token.colorText,
            tooltip: { valueFormatter: (v: number) => pct(v) },
          },
        ],
      }}
    />
  );
}

function ReportTable({ rows }: { rows: ReportRow[] }) {
  const { t } = useI18n();
  const columns: ColumnsType<ReportRow> = [
    { key: 'label', title: t('an.churn.group'), render: (_, r) => r.label || t('common.none') },
    { key: 'customers', title: t('an.customers'), align: 'right', render: (_, r) => num(r.customers) },
    { key: 'churned', title: t('an.churn.churned'), align: 'right', render: (_, r) => num(r.churned) },
    { key: 'atRisk', title: t('an.churn.atRisk'), align: 'right', render: (_, r) => num(r.atRisk) },
    { key: 'rate', title: t('an.churn.churnRate'), align: 'right', render: (_, r) => pct(r.churnRate) },
    { key: 'lost', title: t('an.churn.revenueLost'), align: 'right', render: (_, r) => money(r.revenueLost) },
  ];
  return <Table<ReportRow> rowKey="key" size="small" columns={columns} dataSource={rows} pagination={false} scroll={{ x: 560 }} style={{ marginTop: 12 }} data-testid="churn-report-table" />;
}

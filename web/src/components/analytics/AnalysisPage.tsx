import type { ReactNode } from 'react';
import type { UseQueryResult } from '@tanstack/react-query';
import { Alert, Button, Card, DatePicker, Empty, Flex, Grid, Typography } from 'antd';
import dayjs from 'dayjs';
import { ApiError } from '../../api/client';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { PageSpinner } from '../PageSpinner';
import { useAsOf } from './useAsOf';

type PageProps = { title: string; intro?: string; extra?: ReactNode; children: ReactNode; testId?: string };

/** The frame of every analytics page: a title, one line saying what it shows, controls on the right. */
export function AnalysisPage({ title, intro, extra, children, testId }: PageProps) {
  const narrow = !Grid.useBreakpoint().md;
  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }} data-testid={testId}>
      <Flex justify="space-between" align={narrow ? 'stretch' : 'flex-start'} gap={8} wrap vertical={narrow} style={{ marginBottom: 16 }}>
        <div>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {title}
          </Typography.Title>
          {intro && <Typography.Text type="secondary">{intro}</Typography.Text>}
        </div>
        {extra && (
          <Flex gap={8} wrap align="center">
            {extra}
          </Flex>
        )}
      </Flex>
      {children}
    </Card>
  );
}

/** "截至" date: the first day not counted; empty means today (the server's default). */
export function AsOfPicker({ value, onChange }: { value: string | undefined; onChange: (v: string | undefined) => void }) {
  const { t } = useI18n();
  return (
    <DatePicker
      aria-label={t('an.asOf')}
      placeholder={t('an.asOfToday')}
      prefix={<Typography.Text type="secondary">{t('an.asOf')}</Typography.Text>}
      value={value ? dayjs(value) : null}
      onChange={(d) => onChange(d ? d.format('YYYY-MM-DD') : undefined)}
      disabledDate={(d) => d.isAfter(dayjs().add(1, 'day'), 'day')}
      style={{ minWidth: 200 }}
    />
  );
}

/** No data behind an analysis: say why and what to do, never a blank page. */
export function AnalysisEmpty({ title, hint, action, testId }: { title: string; hint?: string; action?: ReactNode; testId?: string }) {
  return (
    <Empty
      data-testid={testId ?? 'analysis-empty'}
      image={Empty.PRESENTED_IMAGE_SIMPLE}
      description={
        <Flex vertical gap={4} align="center">
          <Typography.Text strong>{title}</Typography.Text>
          {hint && <Typography.Text type="secondary">{hint}</Typography.Text>}
        </Flex>
      }
      style={{ padding: '32px 0' }}
    >
      {action}
    </Empty>
  );
}

/** A 404 from an analytics endpoint means "nothing computed yet" (or not on this server yet). */
export function isNotComputed(error: unknown): boolean {
  return error instanceof ApiError && (error.status === 404 || error.status === 409);
}

type GateProps<T> = {
  query: UseQueryResult<T>;
  /** True when the answer holds nothing to draw (no buyers, no run yet). */
  isEmpty?: (data: T) => boolean;
  empty: ReactNode;
  children: (data: T) => ReactNode;
};

/** Loading, empty, failed or drawn: the four states every analysis block goes through. */
export function QueryGate<T>({ query, isEmpty, empty, children }: GateProps<T>) {
  const { t } = useI18n();
  if (query.isPending) return <PageSpinner />;
  if (query.isError) {
    // An older server without this endpoint: say so kindly rather than show a 404.
    if (query.error instanceof ApiError && query.error.code === 'route_not_found') return <AnalysisEmpty title={t('an.empty.notAvailable')} />;
    if (isNotComputed(query.error)) return <>{empty}</>;
    return (
      <Alert
        type="warning"
        showIcon
        title={t('an.loadFailed')}
        description={errorMessage(query.error, t)}
        action={
          <Button size="small" onClick={() => void query.refetch()}>
            {t('common.retry')}
          </Button>
        }
      />
    );
  }
  if (isEmpty?.(query.data)) return <>{empty}</>;
  return <>{children(query.data)}</>;
}

type OrdersAnalysisProps<T> = {
  title: string;
  intro: string;
  testId: string;
  /** The page's query hook, called with the chosen as-of date. */
  useReport: (asOf: string | undefined) => UseQueryResult<T>;
  isEmpty: (data: T) => boolean;
  children: (data: T) => ReactNode;
};

/** The pages computed straight from orders (80/20, RFM, cohorts): an as-of date, and "no orders" when empty. */
export function OrdersAnalysisPage<T>({ title, intro, testId, useReport, isEmpty, children }: OrdersAnalysisProps<T>) {
  const { t } = useI18n();
  const [asOf, setAsOf] = useAsOf();
  const query = useReport(asOf);
  return (
    <AnalysisPage title={title} intro={intro} extra={<AsOfPicker value={asOf} onChange={setAsOf} />} testId={testId}>
      <QueryGate query={query} isEmpty={isEmpty} empty={<AnalysisEmpty title={t('an.empty.noOrders')} hint={t('an.empty.noOrdersHint')} />}>
        {children}
      </QueryGate>
    </AnalysisPage>
  );
}

import { useState } from 'react';
import { DownloadOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Col, Empty, Flex, Grid, Row, Segmented, Statistic, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { fetchImportReport, importReportUrl, type ImportJob, type ReportItem } from '../../api/imports';
import { LoadMore } from '../LoadMore';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { importKeys, isDryRunResult } from './useImportJob';

type KindFilter = 'all' | 'rejected' | 'duplicate';

/** Counts, what a dry run or a rolled-back import means, the refused rows and duplicates, and the error file. */
export function JobResult({ job }: { job: ImportJob }) {
  const { t, locale } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const [kind, setKind] = useState<KindFilter>('all');
  const report = useInfiniteQuery({
    queryKey: importKeys.report(job.id, kind),
    queryFn: ({ pageParam, signal }) => fetchImportReport(job.id, { kind: kind === 'all' ? undefined : kind, after: pageParam, limit: 100 }, signal),
    initialPageParam: 0,
    getNextPageParam: (last) => last.nextAfter ?? undefined,
  });
  const items = report.data?.pages.flatMap((page) => page.items) ?? [];
  const dry = isDryRunResult(job);

  const counts = [
    { key: 'created', value: job.counts.created, color: '#389e0d' },
    { key: 'updated', value: job.counts.updated, color: '#1677ff' },
    { key: 'unchanged', value: job.counts.unchanged, color: undefined },
    { key: 'rejected', value: job.counts.rejected, color: job.counts.rejected > 0 ? '#cf1322' : undefined },
  ] as const;

  const matched = (item: ReportItem) =>
    item.matched ? (
      item.matched.name ? (
        <Link to={`/customers/${item.matched.id}`}>{item.matched.name}</Link>
      ) : (
        <Typography.Text type="secondary" copyable>
          {item.matched.id}
        </Typography.Text>
      )
    ) : (
      t('common.none')
    );
  const kindTag = (item: ReportItem) => (item.kind === 'duplicate' ? <Tag color="blue">{t('imp.kindDuplicate')}</Tag> : <Tag color="red">{t('imp.kindRejected')}</Tag>);

  const columns: ColumnsType<ReportItem> = [
    { key: 'line', title: t('imp.line'), dataIndex: 'line', width: 70 },
    { key: 'kind', title: t('imp.kind'), width: 110, render: (_, item) => kindTag(item) },
    { key: 'column', title: t('imp.column'), width: 120, render: (_, item) => item.column ?? t('common.none') },
    { key: 'value', title: t('imp.value'), width: 160, ellipsis: true, render: (_, item) => item.value ?? t('common.none') },
    { key: 'reason', title: t('imp.reason'), render: (_, item) => item.message[locale] ?? item.code },
    { key: 'matched', title: t('imp.matched'), width: 160, render: (_, item) => matched(item) },
  ];

  return (
    <Flex vertical gap={16} data-testid="import-result">
      {job.status === 'done' && <Alert type="success" showIcon title={t('imp.doneTitle')} />}
      {job.status === 'rolled_back' && <Alert type={dry ? 'info' : 'warning'} showIcon title={dry ? t('imp.dryDone') : t('imp.rolledBack')} data-testid="import-rolled-back" />}
      <Row gutter={[12, 12]}>
        {counts.map((count) => (
          <Col key={count.key} xs={12} sm={6}>
            <Card size="small">
              <Statistic title={t(`imp.${count.key}`)} value={count.value} styles={{ content: { color: count.color } }} data-testid={`import-count-${count.key}`} />
            </Card>
          </Col>
        ))}
      </Row>
      <Card
        size="small"
        title={t('imp.report')}
        extra={
          !narrow && (
            <Button href={importReportUrl(job.id)} download icon={<DownloadOutlined />} data-testid="import-report-download">
              {t('imp.downloadReport')}
            </Button>
          )
        }
      >
        <Flex vertical gap={12}>
          {narrow && (
            <Button href={importReportUrl(job.id)} download icon={<DownloadOutlined />} data-testid="import-report-download" block>
              {t('imp.downloadReport')}
            </Button>
          )}
          <Segmented<KindFilter>
            value={kind}
            onChange={setKind}
            options={[
              { value: 'all', label: t('imp.all') },
              { value: 'rejected', label: t('imp.kindRejected') },
              { value: 'duplicate', label: t('imp.kindDuplicate') },
            ]}
          />
          {report.isError && <Alert type="error" showIcon title={errorMessage(report.error, t)} />}
          {narrow ? (
            items.length === 0 && !report.isPending ? (
              <Empty description={t('imp.reportEmpty')} />
            ) : (
              <Flex vertical gap={8} data-testid="import-report">
                {items.map((item) => (
                  <Card key={item.seq} size="small">
                    <Flex gap={8} align="center" wrap>
                      <Typography.Text strong>
                        {t('imp.line')} {item.line}
                      </Typography.Text>
                      {kindTag(item)}
                      {item.column && <Typography.Text type="secondary">{item.column}</Typography.Text>}
                    </Flex>
                    <div>{item.message[locale] ?? item.code}</div>
                    {item.matched && (
                      <div>
                        {t('imp.matched')}：{matched(item)}
                      </div>
                    )}
                  </Card>
                ))}
              </Flex>
            )
          ) : (
            <Table<ReportItem>
              rowKey="seq"
              size="small"
              columns={columns}
              dataSource={items}
              loading={report.isPending}
              pagination={false}
              scroll={{ x: 800 }}
              locale={{ emptyText: t('imp.reportEmpty') }}
              data-testid="import-report"
            />
          )}
          <LoadMore hasMore={Boolean(report.hasNextPage)} loading={report.isFetchingNextPage} onLoad={() => void report.fetchNextPage()} />
        </Flex>
      </Card>
    </Flex>
  );
}

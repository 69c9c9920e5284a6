import { PlusOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Empty, Flex, Grid, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { fetchImportJobs, type ImportJob } from '../../api/imports';
import { ImportStatusTag } from '../../components/imports/ImportStatusTag';
import { importKeys, isRunning } from '../../components/imports/useImportJob';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';

/** Recent imports (staff see their own), newest first; running ones refresh by themselves. */
export function ImportsPage() {
  const { t, locale } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const jobs = useQuery({
    queryKey: importKeys.list,
    queryFn: ({ signal }) => fetchImportJobs(signal),
    staleTime: 0,
    refetchInterval: (query) => (query.state.data?.some(isRunning) ? 3000 : false),
  });
  const counts = (job: ImportJob) => [job.counts.created, job.counts.updated, job.counts.unchanged, job.counts.rejected].map((n) => n.toLocaleString(locale)).join(' / ');
  const open = (job: ImportJob) => (
    <Link to={`/imports/${job.id}`} data-testid="import-row-link">
      {job.fileName}
    </Link>
  );

  const columns: ColumnsType<ImportJob> = [
    { key: 'file', title: t('imp.file'), ellipsis: true, render: (_, job) => open(job) },
    { key: 'kind', title: t('imp.kind'), width: 80, render: (_, job) => t(`imp.kind.${job.kind}`) },
    { key: 'status', title: t('imp.status'), width: 100, render: (_, job) => <ImportStatusTag status={job.status} /> },
    { key: 'rows', title: t('imp.rows'), width: 110, align: 'right', render: (_, job) => job.rowsDone.toLocaleString(locale) },
    { key: 'counts', title: t('imp.counts'), width: 220, render: (_, job) => counts(job) },
    { key: 'time', title: t('imp.createdAt'), width: 150, render: (_, job) => formatDateTime(job.createdAt) },
  ];

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Flex justify="space-between" align="center" gap={8} wrap style={{ marginBottom: 12 }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('imp.history')}
        </Typography.Title>
        <Link to="/imports/new">
          <Button type="primary" icon={<PlusOutlined />} data-testid="import-new">
            {t('imp.new')}
          </Button>
        </Link>
      </Flex>
      {jobs.isError && <Alert type="error" showIcon title={errorMessage(jobs.error, t)} style={{ marginBottom: 12 }} />}
      {narrow ? (
        <Spin spinning={jobs.isPending}>
          {!jobs.isPending && (jobs.data ?? []).length === 0 ? (
            <Empty description={t('imp.historyEmpty')} />
          ) : (
            <Flex vertical gap={8}>
              {(jobs.data ?? []).map((job) => (
                <Card key={job.id} size="small">
                  <Flex justify="space-between" gap={8} align="center">
                    <span style={{ fontWeight: 500, wordBreak: 'break-all' }}>{open(job)}</span>
                    <ImportStatusTag status={job.status} />
                  </Flex>
                  <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
                    {t(`imp.kind.${job.kind}`)} · {formatDateTime(job.createdAt)}
                  </Typography.Text>
                  <Typography.Text style={{ fontSize: 13 }}>
                    {t('imp.counts')}：{counts(job)}
                  </Typography.Text>
                </Card>
              ))}
            </Flex>
          )}
        </Spin>
      ) : (
        <Table<ImportJob>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={jobs.data ?? []}
          loading={jobs.isPending}
          pagination={false}
          scroll={{ x: 800 }}
          locale={{ emptyText: t('imp.historyEmpty') }}
        />
      )}
    </Card>
  );
}

import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Card, Flex, Grid, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { PageSpinner } from '../../components/PageSpinner';
import { ImportStatusTag } from '../../components/imports/ImportStatusTag';
import { JobProgress } from '../../components/imports/JobProgress';
import { JobResult } from '../../components/imports/JobResult';
import { isRunning, useImportJob } from '../../components/imports/useImportJob';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';

/** One import from the history: its progress while it runs (or a resume button), then its result. */
export function ImportJobPage() {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const { id } = useParams<{ id: string }>();
  const job = useImportJob(id);
  if (job.isPending) return <PageSpinner />;
  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Flex align="center" gap={8} wrap style={{ marginBottom: 16 }}>
        <Link to="/imports" aria-label={t('imp.history')}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={3} style={{ margin: 0, wordBreak: 'break-all' }}>
          {job.data?.fileName ?? t('imp.title')}
        </Typography.Title>
        {job.data && <ImportStatusTag status={job.data.status} />}
        {job.data && (
          <Typography.Text type="secondary">
            {t(`imp.kind.${job.data.kind}`)} · {formatDateTime(job.data.createdAt)}
          </Typography.Text>
        )}
      </Flex>
      {job.isError && <Alert type="error" showIcon title={errorMessage(job.error, t)} />}
      {job.data && (isRunning(job.data) || job.data.status === 'failed' ? <JobProgress job={job.data} /> : <JobResult job={job.data} />)}
    </Card>
  );
}

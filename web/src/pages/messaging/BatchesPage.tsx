import { Alert, Card, Empty, Flex, Grid, Spin, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Batch } from '../../api/messaging';
import { channelLabel } from '../../components/messaging/channelLabel';
import { StatusCounts } from '../../components/messaging/MessageStatusTag';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { useBatches } from '../../queries/messaging';

/** The delivery log: recent send batches and where their messages stand. */
export function BatchesPage() {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const batches = useBatches();

  const columns: ColumnsType<Batch> = [
    {
      key: 'name',
      title: t('log.batch'),
      render: (_, b) => (
        <Link to={`/messaging/batches/${b.id}`} data-testid="batch-row-link">
          {b.name}
        </Link>
      ),
    },
    { key: 'channel', title: t('msg.channel'), width: 90, render: (_, b) => channelLabel(t, b.channel) },
    { key: 'created', title: t('log.createdAt'), width: 150, render: (_, b) => formatDateTime(b.createdAt) },
    { key: 'scheduled', title: t('log.scheduledAt'), width: 150, render: (_, b) => (b.scheduledAt ? formatDateTime(b.scheduledAt) : t('common.none')) },
    { key: 'statuses', title: t('log.statuses'), render: (_, b) => <StatusCounts statuses={b.statuses} /> },
  ];

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('log.title')}
      </Typography.Title>
      {batches.isError && <Alert type="error" showIcon title={errorMessage(batches.error, t)} style={{ marginBottom: 12 }} />}
      {narrow ? (
        <BatchCards batches={batches.data ?? []} loading={batches.isPending} />
      ) : (
        <Table<Batch>
          rowKey="id"
          size="middle"
          columns={columns}
          dataSource={batches.data ?? []}
          loading={batches.isPending}
          pagination={false}
          scroll={{ x: 760 }}
          locale={{ emptyText: t('log.empty') }}
        />
      )}
    </Card>
  );
}

/** The phone layout: one card per batch, its status counts in full view. */
function BatchCards({ batches, loading }: { batches: Batch[]; loading: boolean }) {
  const { t } = useI18n();
  if (!loading && batches.length === 0) return <Empty description={t('log.empty')} />;
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8}>
        {batches.map((b) => (
          <Card key={b.id} size="small">
            <Link to={`/messaging/batches/${b.id}`} data-testid="batch-row-link" style={{ fontSize: 16, fontWeight: 500 }}>
              {b.name}
            </Link>
            <Typography.Text type="secondary" style={{ display: 'block', fontSize: 12 }}>
              {channelLabel(t, b.channel)} · {formatDateTime(b.scheduledAt ?? b.createdAt)}
            </Typography.Text>
            <div style={{ marginTop: 6 }}>
              <StatusCounts statuses={b.statuses} />
            </div>
          </Card>
        ))}
      </Flex>
    </Spin>
  );
}

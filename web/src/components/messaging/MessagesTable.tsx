import { StopOutlined } from '@ant-design/icons';
import { Button, Popconfirm, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { Message } from '../../api/messaging';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { channelLabel } from './channelLabel';
import { MessageStatusTag } from './MessageStatusTag';

type Props = {
  items: Message[];
  loading: boolean;
  /** The batch page links each row to its customer; the customer page links to the batch. */
  link: 'customer' | 'batch';
  /** Shown for queued messages when the user may cancel them. */
  onCancel?: (id: string) => void;
};

/** Messages with their status and, for failures, the provider's reason in full. */
export function MessagesTable({ items, loading, link, onCancel }: Props) {
  const { t } = useI18n();
  const columns: ColumnsType<Message> = [
    {
      key: 'status',
      title: t('msg.status'),
      width: 110,
      render: (_, m) => <MessageStatusTag status={m.status} reason={m.lastError} />,
    },
    {
      key: 'recipient',
      title: t('send.to'),
      width: 200,
      ellipsis: true,
      render: (_, m) =>
        link === 'customer' && m.customerId ? <Link to={`/customers/${m.customerId}`}>{m.recipient}</Link> : m.recipient,
    },
    {
      key: 'subject',
      title: t('tpl.subject'),
      ellipsis: true,
      render: (_, m) =>
        link === 'batch' && m.batchId ? (
          <Link to={`/messaging/batches/${m.batchId}`}>{m.subject ?? channelLabel(t, m.channel)}</Link>
        ) : (
          (m.subject ?? channelLabel(t, m.channel))
        ),
    },
    {
      key: 'time',
      title: t('msg.time'),
      width: 150,
      render: (_, m) => formatDateTime(m.deliveredAt ?? m.sentAt ?? (m.status === 'queued' ? m.nextAttemptAt : m.createdAt)),
    },
    {
      key: 'reason',
      title: t('msg.reason'),
      ellipsis: true,
      render: (_, m) =>
        m.lastError && m.status !== 'sent' && m.status !== 'delivered' ? (
          <Typography.Text type={m.status === 'failed' ? 'danger' : 'secondary'} title={m.lastError}>
            {m.lastError}
          </Typography.Text>
        ) : null,
    },
  ];
  if (onCancel && items.some((m) => m.status === 'queued')) {
    columns.push({
      key: 'actions',
      title: t('common.actions'),
      width: 80,
      render: (_, m) =>
        m.status === 'queued' ? (
          <Popconfirm title={t('log.cancelOne')} okText={t('log.cancel')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => onCancel(m.id)}>
            <Button size="small" type="text" danger icon={<StopOutlined />} aria-label={t('log.cancel')} />
          </Popconfirm>
        ) : null,
    });
  }
  return (
    <div data-testid="messages-table">
    <Table<Message>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 720 }}
      locale={{ emptyText: t('msg.empty') }}
    />
    </div>
  );
}

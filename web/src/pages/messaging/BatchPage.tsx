import { useState } from 'react';
import { ArrowLeftOutlined, StopOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Descriptions, Flex, Grid, Popconfirm, Select, Typography } from 'antd';
import { Link, useParams } from 'react-router';
import { cancelBatch, cancelMessage, fetchBatchMessages, MESSAGE_STATUSES, type MessageStatus } from '../../api/messaging';
import { PageSpinner } from '../../components/PageSpinner';
import { LoadMore } from '../../components/LoadMore';
import { channelLabel } from '../../components/messaging/channelLabel';
import { MessagesTable } from '../../components/messaging/MessagesTable';
import { StatusCounts } from '../../components/messaging/MessageStatusTag';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { messagingKeys, useBatch } from '../../queries/messaging';
import { useCurrentUser } from '../../queries/reference';

/** One batch's delivery log: counts per status, each message with its reason, cancel what is still queued. */
export function BatchPage() {
  const { t, locale } = useI18n();
  const { id = '' } = useParams();
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const queryClient = useQueryClient();
  const isManager = useCurrentUser().data?.role !== 'staff';
  const [status, setStatus] = useState<MessageStatus | undefined>();
  const batch = useBatch(id);
  const messages = useInfiniteQuery({
    queryKey: messagingKeys.batchMessages(id, status),
    queryFn: ({ pageParam }) => fetchBatchMessages(id, status, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 5_000,
  });
  const refresh = () => void queryClient.invalidateQueries({ queryKey: messagingKeys.batch(id) });
  const onError = (error: unknown) => void message.error(errorMessage(error, t));
  const cancelAll = useMutation({
    mutationFn: () => cancelBatch(id),
    onSuccess: ({ cancelled }) => {
      void message.success(t('log.cancelled', { count: cancelled }));
      refresh();
    },
    onError,
  });
  const cancelOne = useMutation({ mutationFn: cancelMessage, onSuccess: refresh, onError });

  if (batch.isPending) return <PageSpinner />;
  if (batch.isError) return <Alert type="error" showIcon title={errorMessage(batch.error, t)} />;
  const b = batch.data;
  const queued = b.statuses.queued ?? 0;
  const n = (value: number | undefined) => (value ?? 0).toLocaleString(locale);

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Link to="/messaging/batches">
        <ArrowLeftOutlined /> {t('log.title')}
      </Link>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ margin: '8px 0 12px' }}>
        <Typography.Title level={3} style={{ margin: 0 }} data-testid="batch-name">
          {b.name}
        </Typography.Title>
        {queued > 0 && (
          <Popconfirm title={t('log.cancelAllConfirm', { count: n(queued) })} okText={t('log.cancel')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }} onConfirm={() => cancelAll.mutate()}>
            <Button danger icon={<StopOutlined />} loading={cancelAll.isPending}>
              {t('log.cancelQueued', { count: n(queued) })}
            </Button>
          </Popconfirm>
        )}
      </Flex>
      <Descriptions
        size="small"
        column={narrow ? 1 : 3}
        items={[
          { key: 'channel', label: t('msg.channel'), children: channelLabel(t, b.channel) },
          { key: 'created', label: t('log.createdAt'), children: formatDateTime(b.createdAt) },
          { key: 'scheduled', label: t('log.scheduledAt'), children: b.scheduledAt ? formatDateTime(b.scheduledAt) : t('send.now') },
          { key: 'audience', label: t('log.audience'), children: t('log.audienceText', { selected: n(b.audience.selected), noAddress: n(b.audience.no_address), notFound: n(b.audience.not_found) }) },
          { key: 'statuses', label: t('log.statuses'), span: narrow ? 1 : 2, children: <span data-testid="batch-statuses"><StatusCounts statuses={b.statuses} /></span> },
        ]}
      />
      <Flex justify="end" style={{ margin: '12px 0 8px' }}>
        <Select
          allowClear
          aria-label={t('msg.status')}
          placeholder={t('log.filterStatus')}
          value={status}
          onChange={setStatus}
          style={{ width: narrow ? '100%' : 180 }}
          options={MESSAGE_STATUSES.map((s) => ({ value: s, label: `${t(`msgStatus.${s}`)} (${n(b.statuses[s])})` }))}
        />
      </Flex>
      {messages.isError && <Alert type="error" showIcon title={errorMessage(messages.error, t)} />}
      <MessagesTable
        items={messages.data?.pages.flatMap((p) => p.items) ?? []}
        loading={messages.isPending}
        link="customer"
        onCancel={isManager ? (messageId) => cancelOne.mutate(messageId) : undefined}
      />
      <LoadMore hasMore={messages.hasNextPage} loading={messages.isFetchingNextPage} onLoad={() => void messages.fetchNextPage()} />
    </Card>
  );
}

import { useState } from 'react';
import { SendOutlined } from '@ant-design/icons';
import { useInfiniteQuery, useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Switch, Typography } from 'antd';
import { fetchCustomerMessages, OPT_OUT_CHANNELS, setOptOut, type ChannelKind } from '../../api/messaging';
import { LoadMore } from '../LoadMore';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { messagingKeys, useOptOuts } from '../../queries/messaging';
import { queryKeys } from '../../queries/keys';
import { channelLabel } from './channelLabel';
import { MessagesTable } from './MessagesTable';
import { LazySendMessageModal } from './LazySendMessageModal';

/** Per channel: does the customer accept messages? Off records an opt-out (and a timeline entry). */
function OptOutSwitches({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const optOuts = useOptOuts(customerId);
  const toggle = useMutation({
    mutationFn: ({ channel, optedOut }: { channel: ChannelKind; optedOut: boolean }) => setOptOut(customerId, channel, optedOut),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.optOuts(customerId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(customerId) });
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });
  const out = new Set((optOuts.data ?? []).map((o) => o.channel));
  return (
    <Flex wrap gap={16} align="center" style={{ marginBottom: 8 }} data-testid="opt-outs">
      <Typography.Text type="secondary">{t('optout.accepts')}</Typography.Text>
      {OPT_OUT_CHANNELS.map((channel) => (
        <Flex key={channel} gap={6} align="center">
          <Switch
            size="small"
            aria-label={channelLabel(t, channel)}
            data-testid={`optout-${channel}`}
            loading={optOuts.isPending || (toggle.isPending && toggle.variables?.channel === channel)}
            checked={!out.has(channel)}
            onChange={(accepts) => toggle.mutate({ channel, optedOut: !accepts })}
          />
          <Typography.Text>{channelLabel(t, channel)}</Typography.Text>
        </Flex>
      ))}
    </Flex>
  );
}

/** The customer's messages with their status, the opt-outs, and a send to this one customer. */
export function CustomerMessagesCard({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const [sending, setSending] = useState(false);
  const messages = useInfiniteQuery({
    queryKey: messagingKeys.customerMessages(customerId),
    queryFn: ({ pageParam }) => fetchCustomerMessages(customerId, pageParam),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  return (
    <Card
      title={t('msg.title')}
      size="small"
      extra={
        <Button size="small" icon={<SendOutlined />} onClick={() => setSending(true)}>
          {t('send.button')}
        </Button>
      }
    >
      <OptOutSwitches customerId={customerId} />
      {messages.isError && <Alert type="error" showIcon title={errorMessage(messages.error, t)} />}
      <MessagesTable items={messages.data?.pages.flatMap((p) => p.items) ?? []} loading={messages.isPending} link="batch" />
      <LoadMore hasMore={messages.hasNextPage} loading={messages.isFetchingNextPage} onLoad={() => void messages.fetchNextPage()} />
      <LazySendMessageModal open={sending} audience={{ customerIds: [customerId] }} onClose={() => setSending(false)} />
    </Card>
  );
}

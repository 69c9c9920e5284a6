import { useState } from 'react';
import { BellOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Badge, Button, Empty, Flex, List, Popover, Spin, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { markAllNotificationsRead, markNotificationRead, type Notification } from '../../api/messaging';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { messagingKeys, useNotifications, useUnreadCount } from '../../queries/messaging';

/** The header bell: unread count (polled), the latest notifications, mark read and follow the link. */
export function NotificationBell() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [open, setOpen] = useState(false);
  const unread = useUnreadCount();
  const list = useNotifications(open);
  const refresh = () => void queryClient.invalidateQueries({ queryKey: messagingKeys.notifications });

  const markOne = useMutation({ mutationFn: markNotificationRead, onSuccess: refresh });
  const markAll = useMutation({
    mutationFn: markAllNotificationsRead,
    onSuccess: refresh,
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const follow = (item: Notification) => {
    if (!item.readAt) markOne.mutate(item.id);
    if (!item.link) return;
    setOpen(false);
    // Links inside the app (/customers/…) stay in the app; anything else opens normally.
    if (item.link.startsWith('/')) navigate(item.link);
    else window.open(item.link, '_blank', 'noopener');
  };

  const count = unread.data?.unread ?? 0;
  const items = list.data?.items ?? [];
  const content = (
    <div style={{ width: 'min(360px, calc(100vw - 24px))' }} data-testid="notification-list">
      <Flex justify="space-between" align="center" style={{ marginBottom: 8 }}>
        <Typography.Text strong>{t('bell.title')}</Typography.Text>
        <Button size="small" type="link" disabled={count === 0} loading={markAll.isPending} onClick={() => markAll.mutate()}>
          {t('bell.markAll')}
        </Button>
      </Flex>
      <Spin spinning={list.isPending}>
        {items.length === 0 && !list.isPending ? (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('bell.empty')} />
        ) : (
          <List<Notification>
            size="small"
            dataSource={items}
            style={{ maxHeight: '60vh', overflowY: 'auto' }}
            renderItem={(item) => (
              <List.Item
                data-testid="notification-item"
                onClick={() => follow(item)}
                style={{ cursor: 'pointer', paddingInline: 4 }}
              >
                <Flex vertical gap={2} style={{ minWidth: 0, width: '100%' }}>
                  <Flex gap={6} align="center">
                    {!item.readAt && <Badge status="processing" aria-label={t('bell.unread')} />}
                    <Typography.Text strong={!item.readAt} ellipsis>
                      {item.title}
                    </Typography.Text>
                  </Flex>
                  {item.body && (
                    <Typography.Text type="secondary" ellipsis={{ tooltip: item.body }}>
                      {item.body}
                    </Typography.Text>
                  )}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {formatDateTime(item.createdAt)}
                  </Typography.Text>
                </Flex>
              </List.Item>
            )}
          />
        )}
      </Spin>
    </div>
  );

  return (
    <Popover
      trigger="click"
      placement="bottomRight"
      open={open}
      onOpenChange={(next) => {
        setOpen(next);
        if (next) refresh();
      }}
      content={content}
    >
      <Button type="text" aria-label={t('bell.label', { count })} data-testid="notification-bell">
        <Badge count={count} size="small" overflowCount={99} data-testid="notification-count">
          <BellOutlined style={{ fontSize: 18 }} />
        </Badge>
      </Button>
    </Popover>
  );
}

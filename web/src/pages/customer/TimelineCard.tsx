import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Card, Empty, Flex, Skeleton, Timeline, Typography } from 'antd';
import { fetchTimeline } from '../../api/activity';
import type { Interaction } from '../../api/types';
import { LoadMore } from '../../components/LoadMore';
import { TimelineMessageStatus } from '../../components/messaging/TimelineMessageStatus';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { sanitizeHtml } from '../../lib/html';
import { queryKeys } from '../../queries/keys';
import { useLabels } from '../../queries/labels';
import { kindVisual } from './kindIcons';
import { NoteBox } from './NoteBox';

function Entry({ item }: { item: Interaction }) {
  const { t } = useI18n();
  const labels = useLabels();
  return (
    <Flex vertical gap={2} data-testid="timeline-item">
      <Typography.Text type="secondary" style={{ fontSize: 12 }}>
        {labels.interactionKind(item.kind)}
        {item.channel ? ` · ${item.channel}` : ''} · {item.authorName ?? t('timeline.unknownAuthor')} ·{' '}
        {formatDateTime(item.occurredAt)}
      </Typography.Text>
      <TimelineMessageStatus data={item.data} />
      {item.subject && <Typography.Text strong>{item.subject}</Typography.Text>}
      {/* Sanitised twice: by the server on write and by sanitizeHtml here on display. */}
      <div className="weixi-rich-text" dangerouslySetInnerHTML={{ __html: sanitizeHtml(item.bodyHtml) }} />
    </Flex>
  );
}

export function TimelineCard({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const timeline = useInfiniteQuery({
    queryKey: queryKeys.timeline(customerId),
    queryFn: ({ pageParam, signal }) => fetchTimeline(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = timeline.data?.pages.flatMap((p) => p.items) ?? [];

  return (
    <Card title={t('timeline.title')} size="small">
      <NoteBox customerId={customerId} />
      <div data-testid="timeline">
        {timeline.isPending && <Skeleton active />}
        {timeline.isError && <Alert type="error" showIcon title={errorMessage(timeline.error, t)} />}
        {timeline.isSuccess && items.length === 0 && (
          <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('timeline.empty')} />
        )}
        {items.length > 0 && (
          <Timeline
            items={items.map((item) => {
              const visual = kindVisual(item.kind);
              return { key: item.id, icon: visual.icon, color: visual.color, content: <Entry item={item} /> };
            })}
          />
        )}
      </div>
      <LoadMore
        hasMore={timeline.hasNextPage}
        loading={timeline.isFetchingNextPage}
        onLoad={() => void timeline.fetchNextPage()}
      />
    </Card>
  );
}

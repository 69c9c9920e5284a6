import { Tag, Tooltip } from 'antd';
import type { MessageStatus } from '../../api/messaging';
import { useI18n } from '../../i18n/I18nProvider';

/** Green for arrived, blue while under way, red for failures, orange for what policy held back. */
export const STATUS_COLORS: Record<MessageStatus, string> = {
  queued: 'default',
  sending: 'processing',
  sent: 'blue',
  delivered: 'green',
  failed: 'red',
  cancelled: 'default',
  capped: 'orange',
  opted_out: 'orange',
};

type Props = { status: MessageStatus; reason?: string | null; count?: number };

/** A message status; the provider's reason (failed, capped …) is one hover away. */
export function MessageStatusTag({ status, reason, count }: Props) {
  const { t } = useI18n();
  const label = `${t(`msgStatus.${status}`)}${count === undefined ? '' : ` ${count}`}`;
  const tag = (
    <Tag color={STATUS_COLORS[status]} data-testid={`status-${status}`} style={{ marginInlineEnd: 4 }}>
      {label}
    </Tag>
  );
  return reason ? <Tooltip title={reason}>{tag}</Tooltip> : tag;
}

/** The non-zero status counts of a batch, in the order a message moves through them. */
export function StatusCounts({ statuses }: { statuses: Partial<Record<MessageStatus, number>> }) {
  const order: MessageStatus[] = ['queued', 'sending', 'sent', 'delivered', 'failed', 'capped', 'opted_out', 'cancelled'];
  return (
    <>
      {order.filter((s) => (statuses[s] ?? 0) > 0).map((s) => (
        <MessageStatusTag key={s} status={s} count={statuses[s]} />
      ))}
    </>
  );
}

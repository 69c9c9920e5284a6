import { Link } from 'react-router';
import { MESSAGE_STATUSES, type MessageStatus } from '../../api/messaging';
import { useI18n } from '../../i18n/I18nProvider';
import { MessageStatusTag } from './MessageStatusTag';

/**
 * A sent message's timeline entry carries { messageId, batchId, status, error } in its data;
 * the outbox keeps the status current. Other entries show nothing here.
 */
export function TimelineMessageStatus({ data }: { data?: Record<string, unknown> }) {
  const { t } = useI18n();
  const status = MESSAGE_STATUSES.find((s) => s === data?.status) as MessageStatus | undefined;
  if (!data?.messageId || !status) return null;
  const reason = typeof data.error === 'string' ? data.error : null;
  return (
    <div>
      <MessageStatusTag status={status} reason={reason} />
      {typeof data.batchId === 'string' && <Link to={`/messaging/batches/${data.batchId}`}>{t('log.open')}</Link>}
    </div>
  );
}

import { Tag } from 'antd';
import type { ImportStatus } from '../../api/imports';
import { useI18n } from '../../i18n/I18nProvider';

const COLORS: Record<ImportStatus, string> = { pending: 'default', running: 'processing', done: 'success', failed: 'error', rolled_back: 'warning' };

export function ImportStatusTag({ status }: { status: ImportStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={COLORS[status]} data-testid="import-status">
      {t(`imp.status.${status}`)}
    </Tag>
  );
}

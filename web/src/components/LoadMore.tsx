import { Button, Flex } from 'antd';
import { useI18n } from '../i18n/I18nProvider';

type Props = { hasMore: boolean; loading: boolean; onLoad: () => void };

/** The "load more" under cursor-paged lists (timeline, orders, investments). */
export function LoadMore({ hasMore, loading, onLoad }: Props) {
  const { t } = useI18n();
  if (!hasMore) return null;
  return (
    <Flex justify="center" style={{ marginTop: 12 }}>
      <Button loading={loading} onClick={onLoad}>
        {t('common.loadMore')}
      </Button>
    </Flex>
  );
}

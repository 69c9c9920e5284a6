import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Flex, Typography } from 'antd';
import { useI18n } from '../../i18n/I18nProvider';

type Props = {
  page: number;
  canPrev: boolean;
  nextCursor: string | null;
  disabled: boolean;
  onPrev: () => void;
  onNext: (cursor: string) => void;
};

/** Previous / next over cursor pages; there is no "jump to page" because cursors are opaque. */
export function ListPager({ page, canPrev, nextCursor, disabled, onPrev, onNext }: Props) {
  const { t } = useI18n();
  if (!canPrev && !nextCursor) return null;
  return (
    <Flex justify="center" align="center" gap={12} style={{ marginTop: 16 }}>
      <Button icon={<LeftOutlined />} disabled={!canPrev || disabled} onClick={onPrev}>
        {t('common.prev')}
      </Button>
      <Typography.Text type="secondary">{t('list.page', { n: page })}</Typography.Text>
      <Button disabled={!nextCursor || disabled} onClick={() => nextCursor && onNext(nextCursor)}>
        {t('common.next')} <RightOutlined />
      </Button>
    </Flex>
  );
}

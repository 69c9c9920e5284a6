import { useState } from 'react';
import { DownOutlined, SendOutlined } from '@ant-design/icons';
import { Button, Dropdown, Space } from 'antd';
import type { AudienceFilter } from '../../api/messaging';
import type { CustomerListQuery } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { LazySendMessageModal } from './LazySendMessageModal';
import type { SendAudience } from './SendMessageModal';

const split = (value: string | undefined) => (value ? value.split(',').map((s) => s.trim()).filter(Boolean) : undefined);
const nonEmpty = (values: string[] | undefined) => (values && values.length > 0 ? values : undefined);

/** The list's query string filter in the shape the send API takes (same meaning, plural names). */
export function toAudienceFilter(query: CustomerListQuery): AudienceFilter {
  return {
    q: query.q || undefined,
    stages: nonEmpty(query.stage),
    groupIds: nonEmpty(query.group),
    tags: nonEmpty(query.tag),
    ownerIds: split(query.owner),
    regions: split(query.region),
  };
}

type Props = { selectedIds: string[]; query: CustomerListQuery; matchingLabel: string; onClearSelection: () => void };

/** "Send message" on the customer list: to the customers ticked by hand, or to all matching the filter. */
export function SendMessageButton({ selectedIds, query, matchingLabel, onClearSelection }: Props) {
  const { t } = useI18n();
  const [audience, setAudience] = useState<SendAudience | null>(null);
  const toSelected = () => setAudience({ customerIds: selectedIds });
  const toMatching = () => setAudience({ filter: toAudienceFilter(query) });

  return (
    <>
      {selectedIds.length > 0 && (
        <Button type="link" onClick={onClearSelection}>
          {t('send.clearSelection')}
        </Button>
      )}
      <Space.Compact>
        <Button icon={<SendOutlined />} data-testid="send-message" onClick={selectedIds.length > 0 ? toSelected : toMatching}>
          {selectedIds.length > 0 ? t('send.toSelected', { count: selectedIds.length }) : t('send.button')}
        </Button>
        <Dropdown
          trigger={['click']}
          menu={{
            items: [
              { key: 'selected', disabled: selectedIds.length === 0, label: t('send.toSelected', { count: selectedIds.length }), onClick: toSelected },
              { key: 'matching', label: t('send.toMatching', { total: matchingLabel }), onClick: toMatching },
            ],
          }}
        >
          <Button icon={<DownOutlined />} aria-label={t('send.choose')} data-testid="send-message-menu" />
        </Dropdown>
      </Space.Compact>
      <LazySendMessageModal open={audience !== null} audience={audience ?? { customerIds: [] }} onClose={() => setAudience(null)} />
    </>
  );
}

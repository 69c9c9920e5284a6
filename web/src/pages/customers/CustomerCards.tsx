import { PhoneOutlined } from '@ant-design/icons';
import { Card, Checkbox, Empty, Flex, Spin, Typography } from 'antd';
import { Link } from 'react-router';
import { GroupAndTagChips } from '../../components/Chips';
import { StageTag } from '../../components/StageTag';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { formatPhone } from '../../lib/phone';
import { useLabels } from '../../queries/labels';
import type { CustomerListViewProps } from './CustomerTable';

/** The phone layout: one card per customer, the phone number tappable to call. */
export function CustomerCards({ items, loading, selected, onSelect }: CustomerListViewProps) {
  const { t } = useI18n();
  const labels = useLabels();
  if (!loading && items.length === 0) return <Empty description={t('list.empty')} />;
  return (
    <Spin spinning={loading}>
      <Flex vertical gap={8}>
        {items.map((c) => {
          const phone = c.phones[0]?.number;
          return (
            <Card key={c.id} size="small">
              <Flex justify="space-between" align="start" gap={8}>
                <Flex gap={10} align="start" style={{ minWidth: 0 }}>
                  {onSelect && (
                    <Checkbox
                      aria-label={c.name}
                      checked={selected?.includes(c.id) ?? false}
                      onChange={(e) => onSelect([c.id], e.target.checked)}
                      style={{ marginTop: 3 }}
                    />
                  )}
                  <div style={{ minWidth: 0 }}>
                    <Link to={`/customers/${c.id}`} data-testid="customer-link" style={{ fontSize: 16, fontWeight: 500 }}>
                      {c.name}
                    </Link>
                    {(c.company || c.title) && (
                      <Typography.Text type="secondary" ellipsis style={{ display: 'block' }}>
                        {[c.company, c.title].filter(Boolean).join(' · ')}
                      </Typography.Text>
                    )}
                  </div>
                </Flex>
                <StageTag stage={c.stage} />
              </Flex>
              <Flex wrap gap={12} style={{ marginTop: 6 }}>
                {phone && (
                  <a href={`tel:${phone}`}>
                    <PhoneOutlined /> {formatPhone(phone)}
                  </a>
                )}
                {c.intent && <Typography.Text>{labels.intent(c.intent)}</Typography.Text>}
                {c.region && <Typography.Text type="secondary">{c.region}</Typography.Text>}
                {c.ownerName && <Typography.Text type="secondary">{c.ownerName}</Typography.Text>}
              </Flex>
              <div style={{ marginTop: 6 }}>
                <GroupAndTagChips groups={c.groups} tags={c.tags} />
              </div>
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {t('field.updatedAt')} {formatDateTime(c.updatedAt)}
              </Typography.Text>
            </Card>
          );
        })}
      </Flex>
    </Spin>
  );
}

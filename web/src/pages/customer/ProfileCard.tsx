import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import type { DescriptionsProps } from 'antd';
import type { Customer } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime } from '../../lib/dates';
import { formatPhone } from '../../lib/phone';
import { useLabels } from '../../queries/labels';

/** Solar date of birth; for a lunar birthday also the lunar month and day it falls on. */
function Birthday({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  if (!customer.birthday) return null;
  if (!customer.birthdayLunar) return <>{formatDate(customer.birthday)}</>;
  return (
    <Flex gap={6} align="center" wrap>
      {formatDate(customer.birthday)}
      <Tag color="volcano" style={{ marginInlineEnd: 0 }}>
        {t('lunar.marker')}
      </Tag>
      {customer.birthdayLunarText}
    </Flex>
  );
}

function ImportantDatesList({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  if (customer.importantDates.length === 0) return null;
  return (
    <Flex vertical gap={2}>
      {customer.importantDates.map((d, i) => (
        <span key={`${d.label}-${i}`}>
          <Typography.Text type="secondary">{d.label}</Typography.Text> {formatDate(d.date)}
          {d.lunar && <Tag style={{ marginInlineStart: 6 }}>{t('lunar.marker')}</Tag>}
          {d.recurring && <Tag style={{ marginInlineStart: 6 }}>{t('lunar.recurring')}</Tag>}
        </span>
      ))}
    </Flex>
  );
}

export function ProfileCard({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const labels = useLabels();
  const phoneLinks = customer.phones.map((p, i) => (
    <div key={`${p.number}-${i}`}>
      <a href={`tel:${p.number}`}>{formatPhone(p.number)}</a>
      {p.ext && <Typography.Text type="secondary"> #{p.ext}</Typography.Text>}
      {p.label && <Typography.Text type="secondary"> ({p.label})</Typography.Text>}
    </div>
  ));
  const emailLinks = customer.emails.map((e, i) => (
    <div key={`${e.address}-${i}`}>
      <a href={`mailto:${e.address}`}>{e.address}</a>
      {e.label && <Typography.Text type="secondary"> ({e.label})</Typography.Text>}
    </div>
  ));
  const items: DescriptionsProps['items'] = [
    { key: 'company', label: t('field.company'), children: customer.company },
    { key: 'title', label: t('field.title'), children: customer.title },
    { key: 'phones', label: t('field.phones'), children: phoneLinks.length ? phoneLinks : null },
    { key: 'emails', label: t('field.emails'), children: emailLinks.length ? emailLinks : null },
    { key: 'wechat', label: t('field.wechat'), children: customer.wechat },
    { key: 'qq', label: t('field.qq'), children: customer.qq },
    { key: 'gender', label: t('field.gender'), children: customer.gender ? t(`gender.${customer.gender}`) : null },
    { key: 'birthday', label: t('field.birthday'), children: customer.birthday ? <Birthday customer={customer} /> : null },
    {
      key: 'dates',
      label: t('field.importantDates'),
      children: customer.importantDates.length > 0 ? <ImportantDatesList customer={customer} /> : null,
    },
    { key: 'address', label: t('field.address'), children: customer.address },
    { key: 'intent', label: t('field.intent'), children: labels.intent(customer.intent) },
    { key: 'region', label: t('field.region'), children: customer.region },
    { key: 'owner', label: t('field.owner'), children: customer.ownerName },
    { key: 'source', label: t('field.source'), children: customer.source },
    { key: 'created', label: t('field.createdAt'), children: formatDateTime(customer.createdAt) },
    { key: 'updated', label: t('field.updatedAt'), children: formatDateTime(customer.updatedAt) },
  ];
  return (
    <Card title={t('customer.profile')} size="small">
      <Descriptions
        column={1}
        size="small"
        items={items.map((item) => ({ ...item, children: item.children || t('common.none') }))}
      />
    </Card>
  );
}

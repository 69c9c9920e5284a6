import { Card, Descriptions, Flex, Tag, Typography } from 'antd';
import type { CustomFieldDef, CustomFieldValue } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/dates';
import { useCustomFieldDefs } from '../../queries/reference';

function FieldValue({ def, value }: { def: CustomFieldDef; value: CustomFieldValue | undefined }) {
  const { t, locale } = useI18n();
  if (value === null || value === undefined || value === '' || (Array.isArray(value) && value.length === 0)) {
    return <Typography.Text type="secondary">{t('common.none')}</Typography.Text>;
  }
  switch (def.type) {
    case 'multiselect':
      return (
        <Flex wrap gap={4}>
          {(Array.isArray(value) ? value : [String(value)]).map((v) => (
            <Tag key={v} style={{ marginInlineEnd: 0 }}>
              {v}
            </Tag>
          ))}
        </Flex>
      );
    case 'select':
      return <Tag style={{ marginInlineEnd: 0 }}>{String(value)}</Tag>;
    case 'date':
      return <>{formatDate(String(value))}</>;
    case 'number':
      return <>{typeof value === 'number' ? value.toLocaleString(locale) : String(value)}</>;
    case 'text':
    default:
      return <>{Array.isArray(value) ? value.join(', ') : String(value)}</>;
  }
}

/** Values are rendered by their definition's type; edited in the profile drawer. */
export function CustomFieldsCard({ values }: { values: Record<string, CustomFieldValue> }) {
  const { t, locale } = useI18n();
  const defs = useCustomFieldDefs();
  if (defs.isPending) return null;
  const list = defs.data ?? [];
  return (
    <Card title={t('customer.customFields')} size="small">
      {list.length === 0 ? (
        <Typography.Text type="secondary">{t('customer.noCustomFields')}</Typography.Text>
      ) : (
        <Descriptions
          column={1}
          size="small"
          items={list.map((def) => ({
            key: def.key,
            label: locale === 'zh-CN' ? def.labelZh : def.labelEn,
            children: <FieldValue def={def} value={values[def.key]} />,
          }))}
        />
      )}
    </Card>
  );
}

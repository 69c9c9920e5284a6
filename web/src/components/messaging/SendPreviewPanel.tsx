import { Alert, Card, Descriptions, Flex, Typography } from 'antd';
import { Link } from 'react-router';
import type { SendPreview } from '../../api/messaging';
import { useI18n } from '../../i18n/I18nProvider';

/** The rendered sample message: recipient address, subject and text exactly as it will go out. */
export function RenderedSample({ sample }: { sample: NonNullable<SendPreview['sample']> }) {
  const { t } = useI18n();
  return (
    <Card size="small" title={t('send.sampleFor', { name: sample.customerName })} data-testid="send-sample">
      <Descriptions size="small" column={1} items={[
        { key: 'to', label: t('send.to'), children: sample.to },
        ...(sample.subject ? [{ key: 'subject', label: t('tpl.subject'), children: sample.subject }] : []),
      ]} />
      <Typography.Paragraph style={{ whiteSpace: 'pre-wrap', marginTop: 8, marginBottom: 0 }}>{sample.text}</Typography.Paragraph>
      {sample.emptyFields.length > 0 && (
        <Alert
          type="warning"
          showIcon
          style={{ marginTop: 8 }}
          title={t('send.emptyFields', { fields: sample.emptyFields.map((f) => `{{${f}}}`).join(', ') })}
        />
      )}
    </Card>
  );
}

/** How many get the message, who is left out and why, and the sample. */
export function SendPreviewPanel({ preview }: { preview: SendPreview }) {
  const { t, locale } = useI18n();
  const n = (value: number) => value.toLocaleString(locale);
  return (
    <Flex vertical gap={8} data-testid="send-preview">
      <Typography.Text data-testid="send-count">
        {t('send.willSend', { count: n(preview.willSend), selected: n(preview.selected) })}
      </Typography.Text>
      {preview.excluded.map((group) => (
        <Alert
          key={group.reason}
          type="warning"
          data-testid={`excluded-${group.reason}`}
          title={t('send.excludedLine', { reason: t(`exclusion.${group.reason}`), count: n(group.count) })}
          description={
            group.customers.some((c) => c.name) ? (
              <Flex wrap gap={8}>
                {group.customers.map((c) => (c.name ? <Link key={c.id} to={`/customers/${c.id}`} target="_blank">{c.name}</Link> : null))}
                {group.count > group.customers.length && <Typography.Text type="secondary">…</Typography.Text>}
              </Flex>
            ) : undefined
          }
        />
      ))}
      {preview.sample ? <RenderedSample sample={preview.sample} /> : <Alert type="info" showIcon title={t('send.noSample')} />}
    </Flex>
  );
}

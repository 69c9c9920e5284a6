import { useState } from 'react';
import { useQuery } from '@tanstack/react-query';
import { Alert, Flex, Input, Modal, Select, Skeleton } from 'antd';
import { listCustomers } from '../../api/customers';
import { previewSend, type Template } from '../../api/messaging';
import { fullErrorText } from '../../components/messaging/SendMessageModal';
import { SendPreviewPanel } from '../../components/messaging/SendPreviewPanel';
import { useI18n } from '../../i18n/I18nProvider';

type Props = { template: Template | null; onClose: () => void };

/** A template rendered for a real customer, through the same preview a send uses. */
export function TemplatePreviewModal({ template, onClose }: Props) {
  const { t } = useI18n();
  const [search, setSearch] = useState('');
  const [customerId, setCustomerId] = useState<string | undefined>();
  const [holiday, setHoliday] = useState('春节');
  const customers = useQuery({
    queryKey: ['customers', 'list', { q: search, limit: 20, purpose: 'template-preview' }],
    queryFn: ({ signal }) => listCustomers({ q: search || undefined, limit: 20 }, signal),
    enabled: template !== null,
  });
  const needsHoliday = template?.fields.includes('holiday') ?? false;
  const preview = useQuery({
    queryKey: ['messaging', 'template-preview', template?.id, customerId, needsHoliday ? holiday : ''],
    queryFn: () =>
      previewSend({ customerIds: [customerId!], channel: template!.channel, templateId: template!.id, params: needsHoliday ? { holiday } : {} }),
    enabled: template !== null && customerId !== undefined,
    retry: false,
  });

  return (
    <Modal open={template !== null} title={t('tpl.previewTitle', { name: template?.name ?? '' })} onCancel={onClose} footer={null} destroyOnHidden width={600}>
      <Flex vertical gap={12}>
        <Select
          showSearch={{ filterOption: false, onSearch: setSearch }}
          placeholder={t('tpl.pickCustomer')}
          value={customerId}
          onChange={setCustomerId}
          loading={customers.isFetching}
          options={(customers.data?.items ?? []).map((c) => ({ value: c.id, label: [c.name, c.company].filter(Boolean).join(' · ') }))}
          style={{ width: '100%' }}
        />
        {needsHoliday && <Input prefix={`${t('send.holiday')}:`} value={holiday} onChange={(e) => setHoliday(e.target.value)} />}
        {preview.isError && <Alert type="error" showIcon title={fullErrorText(preview.error, t)} />}
        {customerId && preview.isPending && <Skeleton active />}
        {preview.data && <SendPreviewPanel preview={preview.data} />}
      </Flex>
    </Modal>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, DatePicker, Form, Input, InputNumber, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { addInvestment } from '../../api/activity';
import type { InvestmentInput, InvestmentKind } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { FormModal, useModalFormErrors } from '../../components/FormModal';
import { normalizeDecimal } from '../../lib/money';
import { queryKeys } from '../../queries/keys';
import { useLabels } from '../../queries/labels';

type Values = { kind: InvestmentKind; occurredAt: Dayjs; cost: string; hours?: string | null; description?: string };
const ROOTS: ReadonlySet<string> = new Set(['kind', 'occurredAt', 'cost', 'hours', 'description']);

function toInput(v: Values): InvestmentInput {
  return {
    kind: v.kind,
    occurredAt: v.occurredAt.toISOString(),
    cost: normalizeDecimal(v.cost) ?? v.cost,
    ...(normalizeDecimal(v.hours) ? { hours: normalizeDecimal(v.hours) } : {}),
    ...(v.description?.trim() ? { description: v.description.trim() } : {}),
  };
}

export function InvestmentFormModal({ customerId, open, onClose }: { customerId: string; open: boolean; onClose: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const labels = useLabels();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const errors = useModalFormErrors(form, ROOTS);

  const save = useMutation({
    mutationFn: (values: Values) => addInvestment(customerId, toInput(values)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.investments(customerId) });
      void message.success(t('invest.added'));
      onClose();
    },
    onError: errors.show,
  });

  return (
    <FormModal open={open} title={t('invest.add')} okText={t('common.add')} saving={save.isPending} form={form} errors={errors} onClose={onClose}>
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={{ kind: 'gift', occurredAt: dayjs() }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="kind" label={t('invest.kind')} rules={[{ required: true, message: t('form.fieldRequired', { field: t('invest.kind') }) }]}>
          <Select options={labels.investmentKindOptions} />
        </Form.Item>
        <Form.Item name="occurredAt" label={t('invest.time')} rules={[{ required: true, message: t('orders.timeRequired') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="cost" label={t('invest.cost')} rules={[{ required: true, message: t('orders.amountRequired') }]}>
          <InputNumber<string> stringMode min="0" precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="hours"
          label={t('invest.hours')}
          dependencies={['kind']}
          rules={[
            ({ getFieldValue }) => ({
              // Service hours are the one kind where the hours are the point of the entry.
              required: getFieldValue('kind') === 'service_hours',
              message: t('form.fieldRequired', { field: t('invest.hours') }),
            }),
          ]}
        >
          <InputNumber<string> stringMode min="0" step="0.5" precision={2} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('invest.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, AutoComplete, DatePicker, Form, Input, InputNumber } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { addOrder } from '../../api/activity';
import type { OrderInput } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { FormModal, useModalFormErrors } from '../../components/FormModal';
import { normalizeDecimal } from '../../lib/money';
import { queryKeys } from '../../queries/keys';

type OrderFormValues = { orderedAt: Dayjs; amount: string; cost?: string | null; description?: string; channel?: string };
const ROOTS: ReadonlySet<string> = new Set(['orderedAt', 'amount', 'cost', 'description', 'channel']);

type Props = { customerId: string; channels: string[]; open: boolean; onClose: () => void };

function toInput(v: OrderFormValues): OrderInput {
  const cost = normalizeDecimal(v.cost);
  return {
    orderedAt: v.orderedAt.toISOString(),
    amount: normalizeDecimal(v.amount) ?? v.amount,
    ...(cost ? { cost } : {}),
    ...(v.description?.trim() ? { description: v.description.trim() } : {}),
    ...(v.channel?.trim() ? { channel: v.channel.trim() } : {}),
  };
}

export function OrderFormModal({ customerId, channels, open, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<OrderFormValues>();
  const errors = useModalFormErrors(form, ROOTS);

  const save = useMutation({
    mutationFn: (values: OrderFormValues) => addOrder(customerId, toInput(values)),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.orders(customerId) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.customer(customerId) });
      // The server also writes a purchase entry to the timeline.
      void queryClient.invalidateQueries({ queryKey: queryKeys.timeline(customerId) });
      void message.success(t('orders.added'));
      onClose();
    },
    onError: errors.show,
  });

  return (
    <FormModal open={open} title={t('orders.add')} okText={t('common.add')} saving={save.isPending} form={form} errors={errors} onClose={onClose}>
      <Form<OrderFormValues>
        form={form}
        layout="vertical"
        initialValues={{ orderedAt: dayjs() }}
        onFinish={(values) => save.mutate(values)}
      >
        <Form.Item name="orderedAt" label={t('orders.time')} rules={[{ required: true, message: t('orders.timeRequired') }]}>
          <DatePicker showTime={{ format: 'HH:mm' }} format="YYYY-MM-DD HH:mm" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item
          name="amount"
          label={t('orders.amount')}
          extra={t('orders.amountHelp')}
          rules={[{ required: true, message: t('orders.amountRequired') }]}
        >
          {/* stringMode keeps the amount a decimal string end to end: no float rounding.
              No minimum: a refund is recorded as a negative amount. */}
          <InputNumber<string> stringMode precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="cost" label={`${t('orders.cost')} (${t('common.optional')})`}>
          <InputNumber<string> stringMode min="0" precision={2} prefix="¥" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="description" label={t('orders.description')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        <Form.Item name="channel" label={t('orders.channel')}>
          <AutoComplete options={channels.map((c) => ({ value: c }))} />
        </Form.Item>
      </Form>
    </FormModal>
  );
}

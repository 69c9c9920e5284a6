import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Form, Input, InputNumber, Switch, Typography } from 'antd';
import { saveSendPolicy, type QuietHours, type SendPolicy } from '../../api/messaging';
import { channelLabel } from '../../components/messaging/channelLabel';
import { useI18n } from '../../i18n/I18nProvider';
import { useModalFormErrors } from '../../components/FormModal';
import { messagingKeys } from '../../queries/messaging';

const QUIET_CHANNELS = ['sms', 'email', 'webhook', 'robot'] as const;
type Window = { on: boolean; start?: string; end?: string };
type Values = {
  quietHours: Record<(typeof QUIET_CHANNELS)[number], Window>;
  frequencyCap: { on: boolean; limit?: number; days?: number };
};
const ROOTS: ReadonlySet<string> = new Set(['quietHours', 'frequencyCap']);

function toValues(policy: SendPolicy): Values {
  const quiet = Object.fromEntries(QUIET_CHANNELS.map((c) => {
    const w = policy.quietHours[c];
    return [c, { on: Boolean(w), start: w?.start ?? '21:00', end: w?.end ?? '08:00' }];
  })) as Values['quietHours'];
  const cap = policy.frequencyCap;
  return { quietHours: quiet, frequencyCap: { on: cap !== null, limit: cap?.limit ?? 4, days: cap?.days ?? 30 } };
}

function toPolicy(values: Values): SendPolicy {
  const quietHours: QuietHours = {};
  for (const c of QUIET_CHANNELS) {
    const w = values.quietHours[c];
    if (w.on) quietHours[c] = { start: w.start ?? '', end: w.end ?? '' };
  }
  const cap = values.frequencyCap;
  return { quietHours, frequencyCap: cap.on ? { limit: cap.limit ?? 0, days: cap.days ?? 30 } : null };
}

/** Quiet hours per channel (messages wait, they are not dropped) and the marketing frequency cap. */
export function PolicyForm({ policy }: { policy: SendPolicy }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const errors = useModalFormErrors(form, ROOTS);
  const save = useMutation({
    mutationFn: (values: Values) => saveSendPolicy(toPolicy(values)),
    onSuccess: (saved) => {
      queryClient.setQueryData(messagingKeys.policy, saved);
      errors.clear();
      void message.success(t('common.saved'));
    },
    onError: errors.show,
  });

  return (
    <Form<Values> form={form} name="policy" layout="vertical" initialValues={toValues(policy)} onFinish={(v) => save.mutate(v)} style={{ maxWidth: 560 }}>
      {errors.formError && <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />}
      <Typography.Title level={5}>{t('policy.quietHours')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('policy.quietHelp')}</Typography.Paragraph>
      {QUIET_CHANNELS.map((c) => (
        <Flex key={c} gap={8} align="baseline" wrap>
          <Form.Item name={['quietHours', c, 'on']} valuePropName="checked" style={{ width: 110 }}>
            <Switch checkedChildren={channelLabel(t, c)} unCheckedChildren={channelLabel(t, c)} />
          </Form.Item>
          <Form.Item name={['quietHours', c, 'start']} label={t('policy.from')} layout="horizontal">
            <Input style={{ width: 80 }} placeholder="21:00" />
          </Form.Item>
          <Form.Item name={['quietHours', c, 'end']} label={t('policy.to')} layout="horizontal">
            <Input style={{ width: 80 }} placeholder="08:00" />
          </Form.Item>
        </Flex>
      ))}
      <Typography.Title level={5}>{t('policy.cap')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('policy.capHelp')}</Typography.Paragraph>
      <Flex gap={8} align="baseline" wrap>
        <Form.Item name={['frequencyCap', 'on']} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Form.Item name={['frequencyCap', 'days']} label={t('policy.capDays')} layout="horizontal">
          <InputNumber min={1} max={365} style={{ width: 80 }} />
        </Form.Item>
        <Form.Item name={['frequencyCap', 'limit']} label={t('policy.capLimit')} layout="horizontal">
          <InputNumber min={0} max={1000} style={{ width: 80 }} />
        </Form.Item>
      </Flex>
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

import { useState } from 'react';
import { ArrowRightOutlined } from '@ant-design/icons';
import { Button, Card, Divider, Flex, Form, Input, Select, Timeline, Typography } from 'antd';
import type { Customer, StageKey } from '../../api/types';
import { StageTag } from '../../components/StageTag';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { useLabels } from '../../queries/labels';
import { useUpdateCustomer } from './useUpdateCustomer';

type StageForm = { stage: StageKey; reason?: string };

/**
 * Every stage move is recorded with who and why (DOMAIN.md: "when did they churn, which
 * kind, why"), so the change box always asks for a reason.
 */
export function StageCard({ customer }: { customer: Customer }) {
  const { t } = useI18n();
  const labels = useLabels();
  const [form] = Form.useForm<StageForm>();
  const [editing, setEditing] = useState(false);
  const update = useUpdateCustomer(customer.id, t('customer.stageChanged'));

  const submit = (values: StageForm) => {
    const reason = values.reason?.trim();
    update.mutate(
      { stage: values.stage, ...(reason ? { stageReason: reason } : {}) },
      {
        onSuccess: () => {
          setEditing(false);
          form.resetFields();
        },
      },
    );
  };

  const history = [...customer.stageHistory].sort((a, b) => b.at.localeCompare(a.at));

  return (
    <Card
      title={t('field.stage')}
      size="small"
      extra={
        !editing && (
          <Button size="small" onClick={() => setEditing(true)}>
            {t('customer.changeStage')}
          </Button>
        )
      }
    >
      <StageTag stage={customer.stage} />
      {editing && (
        <Form<StageForm>
          form={form}
          layout="vertical"
          style={{ marginTop: 12 }}
                    onFinish={submit}
        >
          <Form.Item name="stage" label={t('customer.newStage')} rules={[{ required: true, message: t('form.fieldRequired', { field: t('customer.newStage') }) }]}>
            <Select options={labels.stageOptions.filter((o) => o.value !== customer.stage)} />
          </Form.Item>
          <Form.Item name="reason" label={t('customer.stageReason')}>
            <Input.TextArea rows={2} maxLength={500} placeholder={t('customer.stageReasonPlaceholder')} />
          </Form.Item>
          <Flex gap={8} justify="end">
            <Button onClick={() => setEditing(false)}>{t('common.cancel')}</Button>
            <Button type="primary" htmlType="submit" loading={update.isPending}>
              {t('common.save')}
            </Button>
          </Flex>
        </Form>
      )}
      {history.length > 0 && (
        <>
          <Divider titlePlacement="start" plain style={{ margin: '12px 0' }}>
            {t('customer.stageHistory')}
          </Divider>
          <Timeline
            items={history.map((h, i) => ({
              key: `${h.at}-${i}`,
              content: (
                <Flex vertical gap={2}>
                  <Flex gap={6} align="center" wrap>
                    {h.fromStage ? <StageTag stage={h.fromStage} /> : <Typography.Text type="secondary">{t('customer.stageInitial')}</Typography.Text>}
                    <ArrowRightOutlined />
                    <StageTag stage={h.toStage} />
                  </Flex>
                  {h.reason && <Typography.Text>{h.reason}</Typography.Text>}
                  <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                    {[h.userName, formatDateTime(h.at)].filter(Boolean).join(' · ')}
                  </Typography.Text>
                </Flex>
              ),
            }))}
          />
        </>
      )}
    </Card>
  );
}

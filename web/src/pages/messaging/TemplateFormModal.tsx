import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Flex, Form, Input, Radio, Select, Tag, Typography } from 'antd';
import { createTemplate, TEMPLATE_CHANNELS, updateTemplate, type Template, type TemplateInput } from '../../api/messaging';
import { FormModal, useModalFormErrors } from '../../components/FormModal';
import { channelLabel } from '../../components/messaging/channelLabel';
import { useI18n } from '../../i18n/I18nProvider';
import { messagingKeys } from '../../queries/messaging';
import { useCustomFieldDefs } from '../../queries/reference';

/** Built into every template; custom-field keys may be used as well. */
const BUILTIN_FIELDS = ['name', 'title', 'company', 'owner.name', 'holiday'];
const ROOTS: ReadonlySet<string> = new Set(['name', 'channel', 'locale', 'category', 'subject', 'bodyText', 'bodyHtml', 'providerTemplateCode']);

type Values = TemplateInput;
type Props = { open: boolean; template?: Template; onClose: () => void };

const blankToNull = (value: string | null | undefined) => (value?.trim() ? value : null);

/** Create or edit a template; the server checks every {{field}} and its errors land on the field. */
export function TemplateFormModal({ open, template, onClose }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const errors = useModalFormErrors(form, ROOTS);
  const channel = Form.useWatch('channel', form) ?? template?.channel ?? 'sms';
  const customFields = useCustomFieldDefs();
  const fields = [...BUILTIN_FIELDS, ...(customFields.data ?? []).map((f) => f.key)];

  const save = useMutation({
    mutationFn: (v: Values) => {
      const common = {
        name: v.name,
        locale: v.locale,
        category: v.category,
        subject: blankToNull(v.subject),
        bodyText: v.bodyText,
        bodyHtml: v.channel === 'email' ? blankToNull(v.bodyHtml) : null,
        providerTemplateCode: v.channel === 'sms' ? blankToNull(v.providerTemplateCode) : null,
      };
      return template ? updateTemplate(template.id, common) : createTemplate({ ...common, channel: v.channel });
    },
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.templates });
      void message.success(t('common.saved'));
      onClose();
    },
    onError: errors.show,
  });

  const insert = (field: string) => form.setFieldValue('bodyText', `${form.getFieldValue('bodyText') ?? ''}{{${field}}}`);

  return (
    <FormModal
      open={open}
      title={template ? t('tpl.editTitle') : t('tpl.new')}
      okText={template ? t('common.save') : t('common.create')}
      saving={save.isPending}
      form={form}
      errors={errors}
      onClose={onClose}
    >
      <Form<Values>
        form={form}
        layout="vertical"
        initialValues={template ?? { channel: 'sms', locale: 'zh-CN', category: 'marketing' }}
        onFinish={(v) => save.mutate(v)} data-testid="template-form">
        <Form.Item name="name" label={t('tpl.name')} rules={[{ required: true, message: t('tpl.nameRequired') }]}>
          <Input maxLength={100} />
        </Form.Item>
        <Flex gap={12} wrap>
          <Form.Item name="channel" label={t('msg.channel')}>
            <Radio.Group optionType="button" disabled={Boolean(template)} options={TEMPLATE_CHANNELS.map((c) => ({ value: c, label: channelLabel(t, c) }))} />
          </Form.Item>
          <Form.Item name="locale" label={t('tpl.locale')}>
            <Select style={{ width: 110 }} options={[{ value: 'zh-CN', label: '中文' }, { value: 'en-US', label: 'English' }]} />
          </Form.Item>
          <Form.Item name="category" label={t('tpl.category')} tooltip={t('tpl.categoryHelp')}>
            <Select style={{ width: 130 }} options={[{ value: 'marketing', label: t('category.marketing') }, { value: 'transactional', label: t('category.transactional') }]} />
          </Form.Item>
        </Flex>
        {channel !== 'sms' && (
          <Form.Item name="subject" label={t('tpl.subject')} rules={channel === 'email' ? [{ required: true, message: t('tpl.subjectRequired') }] : []}>
            <Input maxLength={200} />
          </Form.Item>
        )}
        <Form.Item
          name="bodyText"
          label={t('tpl.body')}
          rules={[{ required: true, message: t('tpl.bodyRequired') }]}
          extra={
            <Flex wrap gap={4} align="center" style={{ marginTop: 4 }}>
              <Typography.Text type="secondary">{t('tpl.fields')}</Typography.Text>
              {fields.map((f) => (
                <Tag key={f} style={{ cursor: 'pointer' }} onClick={() => insert(f)}>{`{{${f}}}`}</Tag>
              ))}
            </Flex>
          }
        >
          <Input.TextArea rows={5} maxLength={20_000} data-testid="template-body" />
        </Form.Item>
        {channel === 'email' && (
          <Form.Item name="bodyHtml" label={`${t('tpl.bodyHtml')} (${t('common.optional')})`}>
            <Input.TextArea rows={3} />
          </Form.Item>
        )}
        {channel === 'sms' && (
          <Form.Item name="providerTemplateCode" label={`${t('tpl.providerCode')} (${t('common.optional')})`} extra={t('tpl.providerCodeHelp')}>
            <Input maxLength={64} placeholder="SMS_123456789" />
          </Form.Item>
        )}
      </Form>
    </FormModal>
  );
}

import { useState } from 'react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Form, Input, InputNumber, Select, Switch, Tag } from 'antd';
import { saveChannelSettings, type ChannelSettings, type ConfigurableChannel } from '../../api/messaging';
import { useI18n } from '../../i18n/I18nProvider';
import { useModalFormErrors } from '../../components/FormModal';
import { messagingKeys } from '../../queries/messaging';
import { FIELD_NAMES, type FieldSpec, type ProviderKey } from './channelFields';

type Values = Record<string, unknown>;
type Props = {
  kind: ConfigurableChannel;
  view: ChannelSettings | undefined;
  /** SMS and robots first pick a provider; its fields follow. */
  providers?: readonly ProviderKey[];
  fieldsFor: (provider: ProviderKey | undefined) => FieldSpec[];
};

const ROOTS: ReadonlySet<string> = new Set(['provider', ...FIELD_NAMES]);

function initialValues(view: ChannelSettings | undefined, specs: FieldSpec[]): Values {
  const values: Values = { ...(view?.settings ?? {}) };
  for (const spec of specs) {
    if (spec.kind === 'json' && values[spec.name] !== undefined) values[spec.name] = JSON.stringify(values[spec.name]);
  }
  return values;
}

/** The request body: blank fields left out (server defaults apply); blank secrets left out keep the stored one. */
function toBody(values: Values, specs: FieldSpec[], provider: string | undefined): Values {
  const body: Values = provider ? { provider } : {};
  for (const spec of specs) {
    const value = values[spec.name];
    if (spec.kind === 'boolean') body[spec.name] = Boolean(value);
    else if (spec.kind === 'number') {
      if (typeof value === 'number') body[spec.name] = value;
    } else if (typeof value === 'string' && value.trim() !== '') {
      body[spec.name] = spec.kind === 'json' ? JSON.parse(value) : spec.kind === 'secret' ? value : value.trim();
    }
  }
  return body;
}

/**
 * One channel's settings. Secrets are write-only: the form shows "configured" and an empty
 * box; typing replaces the secret, leaving it empty keeps it.
 */
export function ChannelSettingsForm({ kind, view, providers, fieldsFor }: Props) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [form] = Form.useForm<Values>();
  const storedProvider = providers?.find((p) => p === view?.settings.provider);
  const [provider, setProvider] = useState<ProviderKey | undefined>(storedProvider ?? providers?.[0]);
  const errors = useModalFormErrors(form, ROOTS);
  const specs = fieldsFor(provider);
  // Stored secrets belong to the stored provider; switching provider needs new ones.
  const secretsSet = new Set(provider === storedProvider ? (view?.secretsSet ?? []) : []);

  const save = useMutation({
    mutationFn: (values: Values) => saveChannelSettings(kind, toBody(values, specs, providers ? provider : undefined)),
    onSuccess: (saved) => {
      queryClient.setQueryData<ChannelSettings[]>(messagingKeys.channels, (old) => old?.map((v) => (v.kind === kind ? saved : v)));
      for (const spec of specs) if (spec.kind === 'secret') form.setFieldValue(spec.name, '');
      errors.clear();
      void message.success(t('common.saved'));
    },
    onError: errors.show,
  });

  const submit = (values: Values) => {
    const badJson = specs.find((spec) => spec.kind === 'json' && typeof values[spec.name] === 'string' && values[spec.name] !== '' && !isJson(values[spec.name] as string));
    if (badJson) form.setFields([{ name: badJson.name, errors: [t('cfg.badJson')] }]);
    else save.mutate(values);
  };

  return (
    <Form<Values> form={form} name={`channel-${kind}`} layout="vertical" initialValues={initialValues(view, specs)} onFinish={submit} style={{ maxWidth: 560 }} data-testid={`channel-form-${kind}`}>
      <Form.Item>
        {view?.configured ? <Tag color="green">{t('cfg.configured')}</Tag> : <Tag>{t('cfg.notConfigured')}</Tag>}
      </Form.Item>
      {errors.formError && <Alert type="error" showIcon title={errors.formError} style={{ marginBottom: 12 }} />}
      {providers && (
        <Form.Item label={t('cfg.provider')}>
          <Select value={provider} onChange={setProvider} options={providers.map((p) => ({ value: p, label: t(`provider.${p}`) }))} />
        </Form.Item>
      )}
      {specs.map((spec) => (
        <Form.Item
          key={`${provider ?? ''}-${spec.name}`}
          name={spec.name}
          label={t(`cfg.${spec.name}`)}
          valuePropName={spec.kind === 'boolean' ? 'checked' : 'value'}
          rules={spec.required && !(spec.kind === 'secret' && secretsSet.has(spec.name)) ? [{ required: true, message: t('form.fieldRequired', { field: t(`cfg.${spec.name}`) }) }] : []}
          extra={spec.kind === 'secret' && secretsSet.has(spec.name) ? t('cfg.secretKept') : undefined}
        >
          {spec.kind === 'boolean' ? (
            <Switch />
          ) : spec.kind === 'number' ? (
            <InputNumber placeholder={spec.placeholder} style={{ width: '100%' }} />
          ) : spec.kind === 'secret' ? (
            <Input.Password autoComplete="new-password" placeholder={secretsSet.has(spec.name) ? t('cfg.secretSet') : spec.placeholder} />
          ) : spec.kind === 'json' ? (
            <Input.TextArea rows={2} placeholder={spec.placeholder} />
          ) : (
            <Input placeholder={spec.placeholder} />
          )}
        </Form.Item>
      ))}
      <Button type="primary" htmlType="submit" loading={save.isPending}>
        {t('common.save')}
      </Button>
    </Form>
  );
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

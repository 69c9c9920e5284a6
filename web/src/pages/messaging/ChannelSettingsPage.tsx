import { Alert, Card, Grid, Tabs, Typography } from 'antd';
import type { ConfigurableChannel } from '../../api/messaging';
import { PageSpinner } from '../../components/PageSpinner';
import { channelLabel } from '../../components/messaging/channelLabel';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { useChannelSettings, useSendPolicy } from '../../queries/messaging';
import { useCurrentUser } from '../../queries/reference';
import { CHANNEL_FIELDS, ROBOT_FIELDS, ROBOT_PROVIDERS, SMS_FIELDS, SMS_PROVIDERS } from './channelFields';
import { ChannelSettingsForm } from './ChannelSettingsForm';
import { PolicyForm } from './PolicyForm';

/** Channel credentials (admins change them; managers may look) and the send-time policy. */
export function ChannelSettingsPage() {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const isAdmin = useCurrentUser().data?.role === 'admin';
  const channels = useChannelSettings();
  const policy = useSendPolicy();

  if (channels.isPending || policy.isPending) return <PageSpinner />;
  const error = channels.error ?? policy.error;
  if (error || !policy.data) return <Alert type="error" showIcon title={errorMessage(error, t)} />;
  const view = (kind: ConfigurableChannel) => channels.data?.find((c) => c.kind === kind);

  const tabs = [
    { key: 'email', label: channelLabel(t, 'email'), children: <ChannelSettingsForm kind="email" view={view('email')} fieldsFor={() => CHANNEL_FIELDS.email} /> },
    {
      key: 'sms',
      label: channelLabel(t, 'sms'),
      children: <ChannelSettingsForm kind="sms" view={view('sms')} providers={SMS_PROVIDERS} fieldsFor={(p) => SMS_FIELDS[SMS_PROVIDERS.find((s) => s === p) ?? 'aliyun']} />,
    },
    { key: 'webhook', label: channelLabel(t, 'webhook'), children: <ChannelSettingsForm kind="webhook" view={view('webhook')} fieldsFor={() => CHANNEL_FIELDS.webhook} /> },
    { key: 'robot', label: channelLabel(t, 'robot'), children: <ChannelSettingsForm kind="robot" view={view('robot')} providers={ROBOT_PROVIDERS} fieldsFor={() => ROBOT_FIELDS} /> },
    { key: 'policy', label: t('policy.title'), children: <PolicyForm policy={policy.data} /> },
  ];

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Typography.Title level={3} style={{ marginTop: 0 }}>
        {t('cfg.title')}
      </Typography.Title>
      {!isAdmin && <Alert type="info" showIcon title={t('cfg.adminOnly')} style={{ marginBottom: 12 }} />}
      <Tabs items={tabs} />
    </Card>
  );
}

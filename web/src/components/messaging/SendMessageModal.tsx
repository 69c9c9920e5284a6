import { useState } from 'react';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, DatePicker, Flex, Form, Input, Modal, Radio, Result, Select, Skeleton } from 'antd';
import type { Dayjs } from 'dayjs';
import { Link } from 'react-router';
import { ApiError } from '../../api/client';
import { previewSend, sendMessages, TEMPLATE_CHANNELS, type AudienceFilter, type Batch, type SendInput, type TemplateChannel } from '../../api/messaging';
import { useI18n } from '../../i18n/I18nProvider';
import type { Translate } from '../../i18n/messages';
import { errorMessage } from '../../lib/errors';
import { messagingKeys, useTemplates } from '../../queries/messaging';
import { SendPreviewPanel } from './SendPreviewPanel';

export type SendAudience = { customerIds: string[] } | { filter: AudienceFilter };

type Props = { open: boolean; audience: SendAudience; onClose: () => void };

/** The server's message and every field problem it named, for an alert. */
export function fullErrorText(error: unknown, t: Translate): string {
  const issues = error instanceof ApiError ? error.fieldIssues.map((issue) => issue.message) : [];
  return [errorMessage(error, t), ...issues].join(' ');
}

/**
 * A hand send: channel and template → the server's preview (count, exclusions, a rendered
 * sample) → send now or at a time → a link to the batch's delivery log.
 */
export function SendMessageModal({ open, audience, onClose }: Props) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [channel, setChannel] = useState<TemplateChannel>('sms');
  const [templateId, setTemplateId] = useState<string | undefined>();
  const [holiday, setHoliday] = useState('');
  const [when, setWhen] = useState<'now' | 'at'>('now');
  const [at, setAt] = useState<Dayjs | null>(null);
  const [batch, setBatch] = useState<Batch | null>(null);
  const templates = useTemplates(channel);
  const template = templates.data?.find((tpl) => tpl.id === templateId);
  const needsHoliday = template?.fields.includes('holiday') ?? false;

  const input: SendInput | null = templateId
    ? {
        ...audience,
        channel,
        templateId,
        params: needsHoliday && holiday.trim() ? { holiday: holiday.trim() } : {},
        ...(when === 'at' && at ? { at: at.toISOString() } : {}),
      }
    : null;
  const preview = useQuery({
    queryKey: ['messaging', 'preview', input],
    queryFn: () => previewSend(input!),
    enabled: open && input !== null && !batch,
    placeholderData: keepPreviousData,
    retry: false,
  });
  const send = useMutation({
    mutationFn: () => sendMessages(input!),
    onSuccess: (created) => {
      setBatch(created);
      void queryClient.invalidateQueries({ queryKey: messagingKeys.batches });
      void queryClient.invalidateQueries({ queryKey: ['customers', 'detail'] });
    },
  });

  const close = () => {
    setBatch(null);
    send.reset();
    onClose();
  };
  const canSend = preview.isSuccess && !preview.isPlaceholderData && preview.data.willSend > 0 && (when === 'now' || at !== null);

  return (
    <Modal
      open={open}
      title={t('send.title')}
      onCancel={close}
      destroyOnHidden
      width={640}
      footer={
        batch ? (
          <Button type="primary" onClick={close}>{t('send.done')}</Button>
        ) : (
          <>
            <Button onClick={close}>{t('common.cancel')}</Button>
            <Button type="primary" disabled={!canSend} loading={send.isPending} onClick={() => send.mutate()} data-testid="send-submit">
              {when === 'at' ? t('send.schedule') : t('send.sendNow', { count: preview.data?.willSend ?? 0 })}
            </Button>
          </>
        )
      }
    >
      {batch ? (
        <Result
          status="success"
          title={batch.scheduledAt ? t('send.scheduled') : t('send.queued')}
          subTitle={batch.name}
          extra={<Link to={`/messaging/batches/${batch.id}`} onClick={close} data-testid="batch-link">{t('send.openLog')}</Link>}
        />
      ) : (
        <Form layout="vertical">
          <Flex gap={12} wrap>
            <Form.Item label={t('msg.channel')} style={{ flex: '1 1 160px' }}>
              <Radio.Group
                optionType="button"
                value={channel}
                onChange={(e) => {
                  setChannel(e.target.value as TemplateChannel);
                  setTemplateId(undefined);
                }}
                options={TEMPLATE_CHANNELS.map((c) => ({ value: c, label: t(`channel.${c}`) }))}
              />
            </Form.Item>
            <Form.Item label={t('send.template')} style={{ flex: '2 1 220px' }}>
              <Select
                data-testid="send-template"
                value={templateId}
                onChange={setTemplateId}
                loading={templates.isPending}
                placeholder={t('send.pickTemplate')}
                options={(templates.data ?? []).map((tpl) => ({ value: tpl.id, label: `${tpl.name} · ${tpl.locale}` }))}
                notFoundContent={<Link to="/messaging/templates" onClick={close}>{t('send.noTemplates')}</Link>}
              />
            </Form.Item>
          </Flex>
          {needsHoliday && (
            <Form.Item label={t('send.holiday')} required>
              <Input value={holiday} onChange={(e) => setHoliday(e.target.value)} placeholder={t('send.holidayPlaceholder')} maxLength={200} />
            </Form.Item>
          )}
          <Form.Item label={t('send.when')}>
            <Flex gap={8} wrap align="center">
              <Radio.Group value={when} onChange={(e) => setWhen(e.target.value as 'now' | 'at')} options={[
                { value: 'now', label: t('send.now') },
                { value: 'at', label: t('send.at') },
              ]} />
              {when === 'at' && (
                <DatePicker
                  showTime={{ format: 'HH:mm' }}
                  format="YYYY-MM-DD HH:mm"
                  value={at}
                  onChange={setAt}
                  // On a phone the OK button of the time panel sits off-screen: a pick applies at once.
                  needConfirm={false}
                  inputReadOnly
                  disabledDate={(d) => d.isBefore(new Date(), 'day')}
                />
              )}
            </Flex>
          </Form.Item>
          {preview.isError && <Alert type="error" showIcon title={fullErrorText(preview.error, t)} />}
          {send.isError && <Alert type="error" showIcon title={fullErrorText(send.error, t)} style={{ marginBottom: 8 }} />}
          {input && preview.isPending && <Skeleton active />}
          {preview.data && !preview.isError && <SendPreviewPanel preview={preview.data} />}
        </Form>
      )}
    </Modal>
  );
}

import { useState } from 'react';
import { DeleteOutlined, EditOutlined, EyeOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Grid, Popconfirm, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { deleteTemplate, type Template } from '../../api/messaging';
import { channelLabel } from '../../components/messaging/channelLabel';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDate } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { messagingKeys, useTemplates } from '../../queries/messaging';
import { useCurrentUser } from '../../queries/reference';
import { TemplateFormModal } from './TemplateFormModal';
import { TemplatePreviewModal } from './TemplatePreviewModal';

type Editing = { open: false } | { open: true; template?: Template };

/** Message templates per channel and language; managers create, change and delete them. */
export function TemplatesPage() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const narrow = !Grid.useBreakpoint().md;
  const queryClient = useQueryClient();
  const templates = useTemplates();
  const canEdit = useCurrentUser().data?.role !== 'staff';
  const [editing, setEditing] = useState<Editing>({ open: false });
  const [previewing, setPreviewing] = useState<Template | null>(null);

  const remove = useMutation({
    mutationFn: deleteTemplate,
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: messagingKeys.templates });
      void message.success(t('tpl.deleted'));
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const columns: ColumnsType<Template> = [
    { key: 'name', title: t('tpl.name'), render: (_, tpl) => <Typography.Text strong>{tpl.name}</Typography.Text> },
    { key: 'channel', title: t('msg.channel'), width: 90, render: (_, tpl) => channelLabel(t, tpl.channel) },
    { key: 'locale', title: t('tpl.locale'), width: 80, dataIndex: 'locale' },
    { key: 'category', title: t('tpl.category'), width: 100, render: (_, tpl) => t(`category.${tpl.category}`) },
    {
      key: 'text',
      title: t('tpl.body'),
      ellipsis: true,
      render: (_, tpl) => <span title={tpl.bodyText}>{tpl.subject ? `${tpl.subject} — ${tpl.bodyText}` : tpl.bodyText}</span>,
    },
    {
      key: 'fields',
      title: t('tpl.fieldsColumn'),
      width: 180,
      render: (_, tpl) => tpl.fields.map((f) => <Tag key={f}>{f}</Tag>),
    },
    { key: 'updated', title: t('field.updatedAt'), width: 100, render: (_, tpl) => formatDate(tpl.updatedAt) },
    {
      key: 'actions',
      title: t('common.actions'),
      width: 120,
      fixed: 'right',
      render: (_, tpl) => (
        <Flex gap={4}>
          <Button size="small" type="text" icon={<EyeOutlined />} aria-label={t('tpl.preview')} onClick={() => setPreviewing(tpl)} />
          {canEdit && (
            <>
              <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ open: true, template: tpl })} />
              <Popconfirm
                title={t('tpl.deleteConfirm', { name: tpl.name })}
                okText={t('common.delete')}
                cancelText={t('common.cancel')}
                okButtonProps={{ danger: true }}
                onConfirm={() => remove.mutate(tpl.id)}
              >
                <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
              </Popconfirm>
            </>
          )}
        </Flex>
      ),
    },
  ];

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }} wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('tpl.title')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true })}>
            {t('tpl.new')}
          </Button>
        )}
      </Flex>
      {templates.isError && <Alert type="error" showIcon title={errorMessage(templates.error, t)} style={{ marginBottom: 12 }} />}
      <Table<Template>
        rowKey="id"
        columns={columns}
        dataSource={templates.data ?? []}
        loading={templates.isPending || remove.isPending}
        pagination={false}
        scroll={{ x: 900 }}
        locale={{ emptyText: t('tpl.empty') }}
      />
      <TemplateFormModal
        key={editing.open ? (editing.template?.id ?? 'new') : 'closed'}
        open={editing.open}
        template={editing.open ? editing.template : undefined}
        onClose={() => setEditing({ open: false })}
      />
      <TemplatePreviewModal template={previewing} onClose={() => setPreviewing(null)} />
    </Card>
  );
}

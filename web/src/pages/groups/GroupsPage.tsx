import { useState } from 'react';
import { DeleteOutlined, EditOutlined, PlusOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Card, Flex, Popconfirm, Table, Tag, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import { deleteGroup } from '../../api/groups';
import type { Group } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { queryKeys } from '../../queries/keys';
import { useCurrentUser, useGroups } from '../../queries/reference';
import { GroupFormModal } from './GroupFormModal';

type Editing = { open: false } | { open: true; group?: Group };

export function GroupsPage() {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const groups = useGroups();
  // Only managers and admins may change groups; staff see the list without the buttons.
  const canEdit = useCurrentUser().data?.role !== 'staff';
  const [editing, setEditing] = useState<Editing>({ open: false });

  const remove = useMutation({
    mutationFn: (id: string) => deleteGroup(id),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers });
      void message.success(t('groups.deleted'));
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  const columns: ColumnsType<Group> = [
    {
      key: 'name',
      title: t('groups.name'),
      render: (_, g) => <Tag color={g.color ?? 'blue'}>{g.name}</Tag>,
    },
    { key: 'description', title: t('groups.description'), dataIndex: 'description', ellipsis: true },
    {
      key: 'count',
      title: t('groups.count'),
      align: 'right',
      width: 110,
      // The count links to the customer list filtered by this group: every figure is traceable.
      render: (_, g) => <Link to={`/customers?group=${encodeURIComponent(g.id)}`}>{g.customerCount.toLocaleString(locale)}</Link>,
    },
  ];
  const actionsColumn: ColumnsType<Group>[number] = {
    key: 'actions',
    title: t('common.actions'),
    width: 120,
    render: (_, g) => (
      <Flex gap={4}>
        <Button size="small" type="text" icon={<EditOutlined />} aria-label={t('common.edit')} onClick={() => setEditing({ open: true, group: g })} />
        <Popconfirm
          title={t('groups.deleteConfirm', { name: g.name })}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true }}
          onConfirm={() => remove.mutate(g.id)}
        >
          <Button size="small" type="text" danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
        </Popconfirm>
      </Flex>
    ),
  };
  if (canEdit) columns.push(actionsColumn);

  return (
    <Card variant="borderless">
      <Flex justify="space-between" align="center" style={{ marginBottom: 16 }} wrap gap={8}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('groups.title')}
        </Typography.Title>
        {canEdit && (
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setEditing({ open: true })}>
            {t('groups.new')}
          </Button>
        )}
      </Flex>
      {groups.isError && <Alert type="error" showIcon title={errorMessage(groups.error, t)} style={{ marginBottom: 12 }} />}
      <Table<Group>
        rowKey="id"
        columns={columns}
        dataSource={groups.data ?? []}
        loading={groups.isPending || remove.isPending}
        pagination={false}
        scroll={{ x: 560 }}
        locale={{ emptyText: t('groups.empty') }}
      />
      <GroupFormModal
        open={editing.open}
        group={editing.open ? editing.group : undefined}
        onClose={() => setEditing({ open: false })}
      />
    </Card>
  );
}

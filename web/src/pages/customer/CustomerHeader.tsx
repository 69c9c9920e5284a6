import { ArrowLeftOutlined, DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Popconfirm, Typography } from 'antd';
import { Link, useNavigate } from 'react-router';
import { deleteCustomer } from '../../api/customers';
import type { Customer } from '../../api/types';
import { StageTag } from '../../components/StageTag';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { queryKeys } from '../../queries/keys';

export function CustomerHeader({ customer, onEdit }: { customer: Customer; onEdit: () => void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const navigate = useNavigate();
  const queryClient = useQueryClient();

  const remove = useMutation({
    mutationFn: () => deleteCustomer(customer.id),
    onSuccess: () => {
      queryClient.removeQueries({ queryKey: queryKeys.customer(customer.id) });
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers });
      void message.success(t('customer.deleted'));
      navigate('/customers');
    },
    onError: (error) => void message.error(errorMessage(error, t)),
  });

  return (
    <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 16 }}>
      <Flex align="center" gap={8} wrap style={{ minWidth: 0 }}>
        <Link to="/customers" aria-label={t('customer.backToList')} style={{ padding: '4px 8px' }}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {customer.name}
        </Typography.Title>
        <StageTag stage={customer.stage} />
        {(customer.company || customer.title) && (
          <Typography.Text type="secondary">{[customer.company, customer.title].filter(Boolean).join(' · ')}</Typography.Text>
        )}
      </Flex>
      <Flex gap={8}>
        <Button icon={<EditOutlined />} onClick={onEdit}>
          {t('common.edit')}
        </Button>
        <Popconfirm
          title={t('customer.deleteConfirm')}
          okText={t('common.delete')}
          cancelText={t('common.cancel')}
          okButtonProps={{ danger: true, loading: remove.isPending }}
          onConfirm={() => remove.mutate()}
        >
          <Button danger icon={<DeleteOutlined />} aria-label={t('common.delete')} />
        </Popconfirm>
      </Flex>
    </Flex>
  );
}

import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { fetchInvestments } from '../../api/activity';
import type { Investment } from '../../api/types';
import { LoadMore } from '../../components/LoadMore';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import { queryKeys } from '../../queries/keys';
import { useLabels } from '../../queries/labels';
import { InvestmentFormModal } from './InvestmentFormModal';

/** What the company spent on this customer (gifts, discounts, service hours): the cost side of value. */
export function InvestmentsCard({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const labels = useLabels();
  const [adding, setAdding] = useState(false);
  const list = useInfiniteQuery({
    queryKey: queryKeys.investments(customerId),
    queryFn: ({ pageParam, signal }) => fetchInvestments(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = list.data?.pages.flatMap((p) => p.items) ?? [];
  const totals = list.data?.pages[0]?.totals;

  const columns: ColumnsType<Investment> = [
    { key: 'time', title: t('invest.time'), width: 150, render: (_, i) => formatDateTime(i.occurredAt) },
    { key: 'kind', title: t('invest.kind'), width: 110, render: (_, i) => labels.investmentKind(i.kind) },
    { key: 'cost', title: t('invest.cost'), align: 'right', width: 120, render: (_, i) => formatMoney(i.cost) },
    { key: 'hours', title: t('invest.hours'), align: 'right', width: 80, render: (_, i) => i.hours ?? '' },
    { key: 'description', title: t('invest.description'), dataIndex: 'description', ellipsis: true },
  ];

  return (
    <Card
      title={t('invest.title')}
      size="small"
      extra={
        <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
          {t('invest.add')}
        </Button>
      }
    >
      {list.isError && <Alert type="error" showIcon title={errorMessage(list.error, t)} />}
      <Table<Investment>
        rowKey="id"
        size="small"
        loading={list.isPending}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 600 }}
        locale={{ emptyText: t('invest.empty') }}
        summary={() =>
          !totals || totals.count === 0 ? null : (
            <Table.Summary.Row>
              <Table.Summary.Cell index={0} colSpan={2}>
                <Typography.Text strong>{t('invest.total')}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={2} align="right">
                <Typography.Text strong>{formatMoney(totals.cost)}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={3} align="right">
                <Typography.Text strong>{totals.hours}</Typography.Text>
              </Table.Summary.Cell>
              <Table.Summary.Cell index={4} />
            </Table.Summary.Row>
          )
        }
      />
      <LoadMore hasMore={list.hasNextPage} loading={list.isFetchingNextPage} onLoad={() => void list.fetchNextPage()} />
      <InvestmentFormModal customerId={customerId} open={adding} onClose={() => setAdding(false)} />
    </Card>
  );
}

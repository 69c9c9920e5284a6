import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Space, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { fetchOrders } from '../../api/activity';
import type { Order, OrderTotals } from '../../api/types';
import { LoadMore } from '../../components/LoadMore';
import { ExportButton } from '../../components/imports/ExportButton';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { formatMoney, subtractMoney } from '../../lib/money';
import { queryKeys } from '../../queries/keys';
import { OrderFormModal } from './OrderFormModal';

const money = { align: 'right' as const, width: 120 };

/** Sums over several currencies are shown without a symbol rather than as if all were yuan. */
function totalsCurrency(totals: OrderTotals): string | null {
  const currencies = totals.currencies ?? [];
  return currencies.length > 1 ? null : (currencies[0] ?? 'CNY');
}

function TotalsRow({ totals }: { totals: OrderTotals }) {
  const { t } = useI18n();
  const currency = totalsCurrency(totals);
  return (
    <Table.Summary.Row>
      <Table.Summary.Cell index={0}>
        <Typography.Text strong>{t('orders.total', { count: totals.count })}</Typography.Text>
      </Table.Summary.Cell>
      {[totals.revenue, totals.cost, totals.margin].map((value, i) => (
        <Table.Summary.Cell key={i} index={i + 1} align="right">
          <Typography.Text strong>{formatMoney(value, currency)}</Typography.Text>
        </Table.Summary.Cell>
      ))}
      <Table.Summary.Cell index={4} colSpan={2} />
    </Table.Summary.Row>
  );
}

export function OrdersCard({ customerId }: { customerId: string }) {
  const { t } = useI18n();
  const [adding, setAdding] = useState(false);
  const orders = useInfiniteQuery({
    queryKey: queryKeys.orders(customerId),
    queryFn: ({ pageParam, signal }) => fetchOrders(customerId, pageParam, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
  });
  const items = orders.data?.pages.flatMap((p) => p.items) ?? [];
  // Totals cover all orders, not just the loaded pages, so the first page's copy is right.
  const totals = orders.data?.pages[0]?.totals;

  const columns: ColumnsType<Order> = [
    { key: 'time', title: t('orders.time'), width: 150, render: (_, o) => formatDateTime(o.orderedAt) },
    { key: 'amount', title: t('orders.amount'), ...money, render: (_, o) => formatMoney(o.amount, o.currency) },
    { key: 'cost', title: t('orders.cost'), ...money, render: (_, o) => (o.cost === null ? t('common.none') : formatMoney(o.cost, o.currency)) },
    {
      key: 'margin',
      title: t('orders.margin'),
      ...money,
      // Integer cents; without a recorded cost the margin is unknown, not equal to revenue.
      render: (_, o) => {
        const margin = subtractMoney(o.amount, o.cost);
        return margin === null ? t('common.none') : formatMoney(margin, o.currency);
      },
    },
    { key: 'description', title: t('orders.description'), dataIndex: 'description', ellipsis: true },
    { key: 'channel', title: t('orders.channel'), dataIndex: 'channel', width: 100 },
  ];

  return (
    <Card
      title={t('orders.title')}
      size="small"
      extra={
        <Space size={8}>
          <ExportButton what="orders" size="small" query={{ customerId }} label={t('export.orders')} />
          <Button size="small" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
            {t('orders.add')}
          </Button>
        </Space>
      }
    >
      {orders.isError && <Alert type="error" showIcon title={errorMessage(orders.error, t)} />}
      <Table<Order>
        rowKey="id"
        size="small"
        loading={orders.isPending}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 760 }}
        locale={{ emptyText: t('orders.empty') }}
        summary={() => (totals && totals.count > 0 ? <TotalsRow totals={totals} /> : null)}
      />
      <LoadMore hasMore={orders.hasNextPage} loading={orders.isFetchingNextPage} onLoad={() => void orders.fetchNextPage()} />
      <OrderFormModal
        customerId={customerId}
        channels={[...new Set(items.map((o) => o.channel).filter((c): c is string => Boolean(c)))]}
        open={adding}
        onClose={() => setAdding(false)}
      />
    </Card>
  );
}

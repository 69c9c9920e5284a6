import { useState } from 'react';
import { PlusOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Grid, Typography } from 'antd';
import { useNavigate } from 'react-router';
import { listCustomers } from '../../api/customers';
import { CustomerFormDrawer } from '../../components/customer-form/CustomerFormDrawer';
import { SendMessageButton } from '../../components/messaging/SendMessageButton';
import { ExportButton } from '../../components/imports/ExportButton';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { queryKeys } from '../../queries/keys';
import { CustomerCards } from './CustomerCards';
import { CustomerFilters } from './CustomerFilters';
import { CustomerTable } from './CustomerTable';
import { ListPager } from './ListPager';
import { toListQuery, useListFilters } from './useListFilters';
import { useCursorPages } from './useCursorPages';

const PAGE_SIZE = 50;

export function CustomerListPage() {
  const { t, locale } = useI18n();
  const screens = Grid.useBreakpoint();
  const navigate = useNavigate();
  const { filters, setFilters, clear, key, isFiltered } = useListFilters();
  const pages = useCursorPages(key);
  const [creating, setCreating] = useState(false);
  // Customers ticked for a hand send; kept across pages and searches so one can find and
  // tick several people in turn.
  const [selected, setSelected] = useState<string[]>([]);
  const select = (ids: string[], checked: boolean) =>
    setSelected((prev) => (checked ? [...new Set([...prev, ...ids])] : prev.filter((id) => !ids.includes(id))));

  const request = { ...toListQuery(filters), limit: PAGE_SIZE, cursor: pages.cursor };
  const list = useQuery({
    queryKey: queryKeys.customerList(request),
    queryFn: ({ signal }) => listCustomers(request, signal),
    // Keep showing the old rows while the next page or new filter loads: no flicker.
    placeholderData: keepPreviousData,
  });

  const data = list.data;
  const total = data
    ? t(data.totalIsEstimate ? 'list.totalEstimate' : 'list.total', { count: data.total.toLocaleString(locale) })
    : '';
  const narrow = !screens.md;

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Flex justify="space-between" align="center" wrap gap={8} style={{ marginBottom: 12 }}>
        <Flex align="baseline" gap={12}>
          <Typography.Title level={3} style={{ margin: 0 }}>
            {t('list.title')}
          </Typography.Title>
          <Typography.Text type="secondary" data-testid="customer-total">
            {total}
          </Typography.Text>
        </Flex>
        <Flex gap={8} wrap>
          <ExportButton what="customers" query={{ ...toListQuery(filters) }} />
          <SendMessageButton selectedIds={selected} query={toListQuery(filters)} matchingLabel={total} onClearSelection={() => setSelected([])} />
          <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
            {t('list.new')}
          </Button>
        </Flex>
      </Flex>
      <CustomerFilters filters={filters} onChange={setFilters} onClear={clear} isFiltered={isFiltered} />
      {list.isError && (
        <Alert type="error" showIcon title={errorMessage(list.error, t)} style={{ marginBottom: 12 }} />
      )}
      {narrow ? (
        <CustomerCards items={data?.items ?? []} loading={list.isFetching} selected={selected} onSelect={select} />
      ) : (
        <CustomerTable items={data?.items ?? []} loading={list.isFetching} selected={selected} onSelect={select} />
      )}
      <ListPager
        page={pages.page}
        canPrev={pages.canPrev}
        nextCursor={data?.nextCursor ?? null}
        disabled={list.isPlaceholderData}
        onPrev={pages.prev}
        onNext={pages.next}
      />
      <CustomerFormDrawer
        open={creating}
        onClose={() => setCreating(false)}
        onSaved={(customer) => {
          setCreating(false);
          navigate(`/customers/${customer.id}`);
        }}
      />
    </Card>
  );
}

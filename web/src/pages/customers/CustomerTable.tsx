import { Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { Link } from 'react-router';
import type { CustomerSummary } from '../../api/types';
import { GroupAndTagChips } from '../../components/Chips';
import { StageTag } from '../../components/StageTag';
import { useI18n } from '../../i18n/I18nProvider';
import { formatDate, formatDateTime } from '../../lib/dates';
import { formatPhone } from '../../lib/phone';
import { useLabels } from '../../queries/labels';

/** What the list hands its table (wide screens) and its cards (phones). */
export type CustomerListViewProps = {
  items: CustomerSummary[];
  loading: boolean;
  /** Customers ticked for a hand send (ids); kept across pages by the list. */
  selected?: string[];
  onSelect?: (ids: string[], checked: boolean) => void;
};

export function CustomerTable({ items, loading, selected, onSelect }: CustomerListViewProps) {
  const { t } = useI18n();
  const labels = useLabels();
  const columns: ColumnsType<CustomerSummary> = [
    {
      key: 'name',
      title: t('field.name'),
      fixed: 'left',
      width: 100,
      render: (_, c) => (
        <Link to={`/customers/${c.id}`} data-testid="customer-link">
          {c.name}
        </Link>
      ),
    },
    {
      key: 'company',
      title: t('field.company'),
      width: 150,
      ellipsis: true,
      render: (_, c) => (
        <>
          {c.company}
          {c.title && <Typography.Text type="secondary"> · {c.title}</Typography.Text>}
        </>
      ),
    },
    { key: 'phone', title: t('field.phones'), width: 125, render: (_, c) => (c.phones[0] ? formatPhone(c.phones[0].number) : '') },
    { key: 'stage', title: t('field.stage'), width: 95, render: (_, c) => <StageTag stage={c.stage} /> },
    { key: 'intent', title: t('field.intent'), width: 90, ellipsis: true, render: (_, c) => labels.intent(c.intent) },
    { key: 'region', title: t('field.region'), dataIndex: 'region', width: 80, ellipsis: true },
    { key: 'owner', title: t('field.owner'), dataIndex: 'ownerName', width: 80, ellipsis: true },
    {
      key: 'chips',
      title: `${t('field.groups')} / ${t('field.tags')}`,
      render: (_, c) => <GroupAndTagChips groups={c.groups} tags={c.tags} />,
    },
    {
      key: 'updated',
      title: t('field.updatedAt'),
      width: 100,
      // The date fits the column; the exact time is one hover away.
      render: (_, c) => <span title={formatDateTime(c.updatedAt)}>{formatDate(c.updatedAt)}</span>,
    },
  ];
  return (
    <Table<CustomerSummary>
      rowKey="id"
      size="middle"
      columns={columns}
      dataSource={items}
      loading={loading}
      pagination={false}
      scroll={{ x: 960 }}
      rowSelection={
        onSelect && {
          selectedRowKeys: selected,
          preserveSelectedRowKeys: true,
          onSelect: (row, checked) => onSelect([row.id], checked),
          onSelectAll: (checked, _rows, changed) => onSelect(changed.map((row) => row.id), checked),
        }
      }
      locale={{ emptyText: t('list.empty') }}
    />
  );
}

import { Flex, Grid, Select, Table, Typography } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ColumnMapping, ImportKind } from '../../api/imports';
import type { CustomFieldDef } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { targetGroups } from './importLabels';

type Row = { column: number; header: string; target: string };

/** Each detected column → a field (standard or custom), or left out. */
export function MappingEditor({ kind, headers, mapping, customFields, onChange }: {
  kind: ImportKind;
  headers: string[];
  mapping: ColumnMapping;
  customFields: CustomFieldDef[];
  onChange: (mapping: ColumnMapping) => void;
}) {
  const { t, locale } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const groups = targetGroups(kind, t, locale, customFields);
  const options = [
    { value: '', label: t('imp.skip') },
    { label: t('imp.standardGroup'), title: 'standard', options: groups.standard },
    ...(groups.custom.length > 0 ? [{ label: t('imp.customGroup'), title: 'custom', options: groups.custom }] : []),
  ];
  const rows: Row[] = headers.map((header, column) => ({ column, header, target: mapping.find((m) => m.column === column)?.target ?? '' }));
  const set = (column: number, target: string) =>
    onChange(rows.map((row) => (row.column === column ? { ...row, target } : row)).filter((row) => row.target !== ''));

  const picker = (row: Row) => (
    <Select
      value={row.target}
      options={options}
      onChange={(target: string) => set(row.column, target)}
      showSearch={{ optionFilterProp: 'label' }}
      style={{ width: '100%', minWidth: 160 }}
      aria-label={row.header}
      data-testid={`mapping-${row.column}`}
    />
  );

  if (narrow) {
    return (
      <Flex vertical gap={8} data-testid="mapping-editor">
        {rows.map((row) => (
          <Flex key={row.column} vertical gap={4}>
            <Typography.Text strong>{row.header || `#${row.column + 1}`}</Typography.Text>
            {picker(row)}
          </Flex>
        ))}
      </Flex>
    );
  }
  const columns: ColumnsType<Row> = [
    { key: 'header', title: t('imp.column'), render: (_, row) => <Typography.Text strong>{row.header || `#${row.column + 1}`}</Typography.Text> },
    { key: 'target', title: t('imp.target'), width: '55%', render: (_, row) => picker(row) },
  ];
  return <Table<Row> rowKey="column" size="small" columns={columns} dataSource={rows} pagination={false} data-testid="mapping-editor" />;
}

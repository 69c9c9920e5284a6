import { CheckCircleTwoTone } from '@ant-design/icons';
import { Alert, Flex, Table, Tooltip, Typography, theme } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import type { ColumnMapping, ImportPreview, PreviewRow } from '../../api/imports';
import type { CustomFieldDef } from '../../api/types';
import { useI18n } from '../../i18n/I18nProvider';
import { useLabels } from '../../queries/labels';
import { storedValue, targetLabel } from './importLabels';

/**
 * The first rows as the import will store them: normalised phones (E.164), ISO dates,
 * lunar birthdays converted; a refused cell shows what the file holds, in red, with why.
 */
export function PreviewTable({ preview, mapping, customFields, loading }: { preview: ImportPreview | undefined; mapping: ColumnMapping; customFields: CustomFieldDef[]; loading: boolean }) {
  const { t, locale } = useI18n();
  const labels = useLabels();
  const { token } = theme.useToken();
  const rows = preview?.rows ?? [];
  // One preview column per field, in the file's column order; several phone columns make one phone field.
  const targets = [...new Set(mapping.map((m) => m.target))];
  const headersOf = (target: string) => mapping.filter((m) => m.target === target).map((m) => m.header);

  const columns: ColumnsType<PreviewRow> = [
    { key: 'line', title: t('imp.previewLine'), dataIndex: 'line', width: 64, fixed: 'left' },
    ...targets.map((target) => ({
      key: target,
      title: targetLabel(target, t, locale, customFields),
      width: target === 'note' || target === 'address' ? 220 : 150,
      render: (_: unknown, row: PreviewRow) => {
        const errors = row.errors.filter((e) => e.column !== undefined && headersOf(target).includes(e.column));
        if (errors.length > 0) {
          return (
            <Tooltip title={errors.map((e) => e.message[locale]).join('；')}>
              <span data-testid="preview-cell-error" style={{ color: token.colorError, background: token.colorErrorBg, padding: '0 4px', borderRadius: 4 }}>
                {errors.map((e) => e.value ?? '').join(' ') || '∅'}
              </span>
            </Tooltip>
          );
        }
        return <span style={{ whiteSpace: 'pre-wrap' }}>{storedValue(row.record, target, t, labels)}</span>;
      },
    })),
    {
      key: 'problems',
      title: t('imp.previewProblems'),
      width: 260,
      render: (_: unknown, row: PreviewRow) =>
        row.errors.length === 0 ? (
          <CheckCircleTwoTone twoToneColor={token.colorSuccess} aria-label={t('imp.previewOk')} />
        ) : (
          <Typography.Text type="danger">{row.errors.map((e) => e.message[locale]).join('；')}</Typography.Text>
        ),
    },
  ];
  const bad = rows.filter((row) => row.errors.length > 0).length;

  return (
    <Flex vertical gap={8}>
      <Typography.Text strong>{t('imp.preview', { count: rows.length })}</Typography.Text>
      {bad > 0 && <Alert type="warning" showIcon title={t('imp.previewSummary', { total: rows.length, bad })} />}
      <Table<PreviewRow>
        rowKey="line"
        size="small"
        columns={columns}
        dataSource={rows}
        loading={loading}
        pagination={false}
        scroll={{ x: 64 + targets.length * 160 + 260 }}
        data-testid="import-preview"
        onRow={(row) => ({ style: row.errors.length > 0 ? { background: token.colorErrorBg } : undefined })}
      />
    </Flex>
  );
}

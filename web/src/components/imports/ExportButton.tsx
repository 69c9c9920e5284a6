import { DownloadOutlined } from '@ant-design/icons';
import { Button, Dropdown } from 'antd';
import { exportUrl } from '../../api/imports';
import { useI18n } from '../../i18n/I18nProvider';

type Query = Record<string, string | string[] | number | undefined | null>;

/**
 * Export a list as it is filtered on screen. Plain links, not fetch: the browser sends the
 * session cookie, streams a large file straight to disk and takes the (Chinese) file name
 * from Content-Disposition.
 */
export function ExportButton({ what, query, label, size }: { what: 'customers' | 'orders'; query: Query; label?: string; size?: 'small' | 'middle' }) {
  const { t } = useI18n();
  // Paging is the screen's business, not the export's.
  const { limit: _limit, cursor: _cursor, ...filters } = query;
  const params = Object.fromEntries(Object.entries(filters).map(([key, value]) => [key, typeof value === 'number' ? String(value) : value]));
  const formats = what === 'customers' ? (['csv', 'xlsx', 'vcf'] as const) : (['csv', 'xlsx'] as const);
  return (
    <Dropdown
      trigger={['click']}
      menu={{
        items: formats.map((format) => ({
          key: format,
          label: (
            <a href={exportUrl(what, format, params)} download data-testid={`export-${what}-${format}`}>
              {t(`export.${format}`)}
            </a>
          ),
        })),
      }}
    >
      <Button size={size} icon={<DownloadOutlined />} data-testid={`export-${what}`} title={what === 'customers' ? t('export.hintFiltered') : undefined}>
        {label ?? t('export.button')}
      </Button>
    </Dropdown>
  );
}

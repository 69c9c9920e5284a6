import { Alert, Flex, Form, Select, Spin, Tag, Typography } from 'antd';
import type { ImportPreview, SourceEncoding } from '../../api/imports';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';

const ENCODINGS: { value: SourceEncoding; label: string }[] = [
  { value: 'utf-8', label: 'UTF-8' },
  { value: 'gb18030', label: 'GB18030 / GBK' },
  { value: 'utf-16le', label: 'UTF-16 LE' },
  { value: 'utf-16be', label: 'UTF-16 BE' },
];
const label = (encoding: string | undefined) => ENCODINGS.find((e) => e.value === encoding)?.label ?? encoding ?? '';

/** The encoding (detected, or the user's choice) and, for a workbook, the sheet; the headers show whether the text reads right. */
export function SourceStep({ preview, detectedEncoding, loading, error, encoding, onEncoding, sheet, onSheet }: {
  preview: ImportPreview | undefined;
  /** What detection chose (kept while the user tries another encoding). */
  detectedEncoding: string | undefined;
  loading: boolean;
  error: unknown;
  encoding: SourceEncoding | undefined;
  onEncoding: (encoding: SourceEncoding | undefined) => void;
  sheet: string | undefined;
  onSheet: (sheet: string | undefined) => void;
}) {
  const { t } = useI18n();
  const text = preview ? preview.format === 'csv' || preview.format === 'tsv' : true;
  return (
    <Flex vertical gap={16}>
      <Form layout="vertical" style={{ maxWidth: 480 }}>
        {preview && (
          <Form.Item label={t('imp.format')}>
            <Tag>{preview.format.toUpperCase()}</Tag>
          </Form.Item>
        )}
        {text && (
          <Form.Item label={t('imp.encoding')} extra={t('imp.encodingHelp')}>
            <Select
              value={encoding ?? ''}
              onChange={(value: string) => onEncoding(value === '' ? undefined : (value as SourceEncoding))}
              options={[{ value: '', label: t('imp.encodingAuto', { detected: label(detectedEncoding) }) }, ...ENCODINGS]}
              data-testid="import-encoding"
            />
          </Form.Item>
        )}
        {preview?.sheets && preview.sheets.length > 0 && (
          <Form.Item label={t('imp.sheet')}>
            <Select value={sheet ?? preview.sheet} onChange={(value: string) => onSheet(value)} options={preview.sheets.map((name) => ({ value: name, label: name }))} data-testid="import-sheet" />
          </Form.Item>
        )}
      </Form>
      {error !== null && error !== undefined && <Alert type="error" showIcon title={errorMessage(error, t)} />}
      <Spin spinning={loading} tip={t('imp.loadingPreview')}>
        <Flex vertical gap={8} style={{ minHeight: 40 }}>
          <Typography.Text strong>{t('imp.headers')}</Typography.Text>
          <Flex gap={6} wrap data-testid="import-headers">
            {(preview?.headers ?? []).map((header, index) => (
              <Tag key={index}>{header || `#${index + 1}`}</Tag>
            ))}
          </Flex>
        </Flex>
      </Spin>
    </Flex>
  );
}

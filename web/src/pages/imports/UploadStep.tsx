import { useRef, useState } from 'react';
import { InboxOutlined } from '@ant-design/icons';
import { Alert, Button, Flex, Progress, Radio, Typography, Upload } from 'antd';
import { uploadImportFile, type ImportKind, type UploadedFile } from '../../api/imports';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';

export function formatSize(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
}

/** Customers or orders, and the file, streamed to the server with a progress bar. */
export function UploadStep({ kind, onKind, file, onUploaded }: { kind: ImportKind; onKind: (kind: ImportKind) => void; file: UploadedFile | null; onUploaded: (file: UploadedFile) => void }) {
  const { t, locale } = useI18n();
  const [progress, setProgress] = useState<{ name: string; loaded: number; total: number } | null>(null);
  const [error, setError] = useState<unknown>(null);
  const abort = useRef<AbortController | null>(null);

  const upload = async (chosen: File) => {
    setError(null);
    abort.current = new AbortController();
    setProgress({ name: chosen.name, loaded: 0, total: chosen.size });
    try {
      const uploaded = await uploadImportFile(chosen, locale, (loaded, total) => setProgress({ name: chosen.name, loaded, total }), abort.current.signal);
      setProgress(null);
      onUploaded(uploaded);
    } catch (cause) {
      setProgress(null);
      if (!(cause instanceof DOMException && cause.name === 'AbortError')) setError(cause);
    }
  };

  return (
    <Flex vertical gap={16}>
      <Flex vertical gap={8}>
        <Typography.Text strong>{t('imp.whatToImport')}</Typography.Text>
        <Radio.Group
          value={kind}
          onChange={(e) => onKind(e.target.value as ImportKind)}
          optionType="button"
          buttonStyle="solid"
          disabled={progress !== null}
          options={[
            { value: 'customers', label: t('imp.kind.customers') },
            { value: 'orders', label: t('imp.kind.orders') },
          ]}
          data-testid="import-kind"
        />
      </Flex>
      <div data-testid="import-upload">
        <Upload.Dragger
          accept=".csv,.txt,.tsv,.tab,.xlsx,.vcf,.vcard,.gz"
          multiple={false}
          showUploadList={false}
          disabled={progress !== null}
          beforeUpload={(chosen) => {
            void upload(chosen);
            // Our own request: a raw body the server streams, not antd's multipart form.
            return false;
          }}
        >
          <p className="ant-upload-drag-icon">
            <InboxOutlined />
          </p>
          <p className="ant-upload-text">{t('imp.dropHint')}</p>
          <p className="ant-upload-hint">{t('imp.formats')}</p>
        </Upload.Dragger>
      </div>
      {progress && (
        <Flex vertical gap={4} data-testid="upload-progress">
          <Typography.Text>{t('imp.uploading', { name: progress.name })}</Typography.Text>
          <Flex gap={8} align="center">
            <Progress percent={progress.total ? Math.floor((progress.loaded / progress.total) * 100) : 0} style={{ flex: 1, margin: 0 }} />
            <Button size="small" onClick={() => abort.current?.abort()}>
              {t('imp.cancelUpload')}
            </Button>
          </Flex>
          <Typography.Text type="secondary">
            {formatSize(progress.loaded)} / {formatSize(progress.total)}
          </Typography.Text>
        </Flex>
      )}
      {file && !progress && <Alert type="success" showIcon title={t('imp.uploaded', { name: file.fileName, size: formatSize(file.size) })} />}
      {error !== null && <Alert type="error" showIcon title={errorMessage(error, t)} />}
    </Flex>
  );
}

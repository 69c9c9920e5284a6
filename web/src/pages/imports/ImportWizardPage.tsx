import { useEffect, useRef, useState } from 'react';
import { ArrowLeftOutlined } from '@ant-design/icons';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { Alert, Button, Card, Flex, Grid, Steps, Typography } from 'antd';
import { Link, useSearchParams } from 'react-router';
import { previewImport, startImport, type ColumnMapping, type ImportKind, type ImportMode, type MergePolicy, type SourceEncoding, type UploadedFile } from '../../api/imports';
import { JobProgress } from '../../components/imports/JobProgress';
import { JobResult } from '../../components/imports/JobResult';
import { MappingEditor } from '../../components/imports/MappingEditor';
import { PresetBar } from '../../components/imports/PresetBar';
import { applyPreset, mappingProblem } from '../../components/imports/mapping';
import { PreviewTable } from '../../components/imports/PreviewTable';
import { isRunning, useImportJob } from '../../components/imports/useImportJob';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { errorMessage } from '../../lib/errors';
import { useCustomFieldDefs } from '../../queries/reference';
import { OptionsStep, type WizardOptions } from './OptionsStep';
import { SourceStep } from './SourceStep';
import { UploadStep } from './UploadStep';

const STEPS: MessageKey[] = ['imp.step.upload', 'imp.step.source', 'imp.step.mapping', 'imp.step.options', 'imp.step.progress', 'imp.step.result'];
const PREVIEW_ROWS = 20;

/**
 * The import wizard: upload (with progress) → encoding and sheet → column mapping with a
 * preview of the rows as they will be stored → options → progress → result. The job id goes
 * into the address once started, so a reload (or a phone that slept) finds the job again.
 */
export function ImportWizardPage() {
  const { t } = useI18n();
  const narrow = !Grid.useBreakpoint().md;
  const [params, setParams] = useSearchParams();
  const jobId = params.get('job') ?? undefined;
  const job = useImportJob(jobId);

  const [step, setStep] = useState(0);
  const [kind, setKind] = useState<ImportKind>('customers');
  const [file, setFile] = useState<UploadedFile | null>(null);
  const [encoding, setEncoding] = useState<SourceEncoding | undefined>();
  const [sheet, setSheet] = useState<string | undefined>();
  const [mapping, setMapping] = useState<ColumnMapping | null>(null);
  const [presetWarning, setPresetWarning] = useState<string[]>([]);
  const [options, setOptions] = useState<WizardOptions>({ mode: 'create-or-update' as ImportMode, mergePolicy: 'fill-empty' as MergePolicy, allOrNothing: false, dryRun: false, createCustomers: false });
  const customFields = useCustomFieldDefs().data ?? [];

  const source = { encoding, sheet };
  const detected = useQuery({
    queryKey: ['imports', 'preview', file?.id, kind, encoding, sheet, 'detected'],
    queryFn: () => previewImport({ kind, fileId: file!.id, options: source, limit: PREVIEW_ROWS }),
    enabled: Boolean(file) && !jobId,
    staleTime: Infinity,
  });
  // A new file, kind, encoding or sheet means new headers: start again from what the server detects.
  const detectedFor = useRef<unknown>(null);
  useEffect(() => {
    if (detected.data && detectedFor.current !== detected.data) {
      detectedFor.current = detected.data;
      setMapping(detected.data.mapping);
      setPresetWarning([]);
    }
  }, [detected.data]);
  // A workbook with a 订单 (or 客户) sheet opens on the one for what is being imported; the user can still pick another.
  useEffect(() => {
    const data = detected.data;
    if (sheet !== undefined || !data?.sheets || data.sheets.length < 2) return;
    const wanted = kind === 'orders' ? /订单|order/i : /客户|联系人|customer|contact/i;
    const match = data.sheets.find((name) => wanted.test(name));
    if (match && match !== data.sheet) setSheet(match);
  }, [detected.data, kind, sheet]);
  const [detectedEncoding, setDetectedEncoding] = useState<string | undefined>();
  useEffect(() => {
    if (encoding === undefined && detected.data) setDetectedEncoding(detected.data.encoding);
  }, [encoding, detected.data]);
  const effectiveMapping = mapping ?? detected.data?.mapping ?? [];
  const mapped = useQuery({
    queryKey: ['imports', 'preview', file?.id, kind, encoding, sheet, effectiveMapping],
    queryFn: () => previewImport({ kind, fileId: file!.id, options: { ...source, mapping: effectiveMapping }, limit: PREVIEW_ROWS }),
    enabled: Boolean(file) && step === 2 && !jobId,
    placeholderData: keepPreviousData,
    staleTime: Infinity,
  });

  const start = useMutation({
    mutationFn: () =>
      startImport({
        kind,
        fileId: file!.id,
        dryRun: options.dryRun,
        options: {
          ...source,
          mapping: effectiveMapping,
          allOrNothing: options.allOrNothing,
          ...(kind === 'customers' ? { mode: options.mode, mergePolicy: options.mergePolicy } : { createCustomers: options.createCustomers }),
        },
      }),
    onSuccess: (started) => setParams({ job: started.id }),
  });

  const restart = () => {
    setParams({});
    setStep(0);
    setFile(null);
    setEncoding(undefined);
    setSheet(undefined);
    setMapping(null);
    start.reset();
  };

  const current = jobId ? (job.data && !isRunning(job.data) && job.data.status !== 'failed' ? 5 : 4) : step;
  const problem = mappingProblem(kind, effectiveMapping);
  const title = t(STEPS[current]!);

  let body: React.ReactNode;
  if (current === 0) {
    body = (
      <UploadStep
        kind={kind}
        onKind={(next) => {
          setKind(next);
          setSheet(undefined);
        }}
        file={file}
        onUploaded={(uploaded) => {
          setFile(uploaded);
          setEncoding(undefined);
          setSheet(undefined);
          setMapping(null);
          setStep(1);
        }}
      />
    );
  } else if (current === 1) {
    body = <SourceStep preview={detected.data} detectedEncoding={detectedEncoding} loading={detected.isFetching} error={detected.error} encoding={encoding} onEncoding={setEncoding} sheet={sheet} onSheet={setSheet} />;
  } else if (current === 2) {
    body = (
      <Flex vertical gap={16}>
        <PresetBar
          kind={kind}
          headers={detected.data?.headers ?? []}
          mapping={effectiveMapping}
          options={kind === 'customers' ? { mode: options.mode, mergePolicy: options.mergePolicy } : undefined}
          onApply={(preset) => {
            const applied = applyPreset(preset, detected.data?.headers ?? []);
            setMapping(applied.mapping);
            setPresetWarning(applied.missing);
            if (preset.options.mode || preset.options.mergePolicy) setOptions((prev) => ({ ...prev, ...preset.options }));
          }}
        />
        {presetWarning.length > 0 && <Alert type="warning" showIcon title={presetWarning.map((header) => t('imp.presetMissing', { header })).join('；')} />}
        <MappingEditor kind={kind} headers={detected.data?.headers ?? []} mapping={effectiveMapping} customFields={customFields} onChange={setMapping} />
        {problem && <Alert type="info" showIcon title={t(problem)} />}
        {mapped.isError && <Alert type="error" showIcon title={errorMessage(mapped.error, t)} />}
        <PreviewTable preview={mapped.data} mapping={effectiveMapping} customFields={customFields} loading={mapped.isFetching} />
      </Flex>
    );
  } else if (current === 3) {
    body = (
      <Flex vertical gap={16}>
        <OptionsStep kind={kind} mapping={effectiveMapping} options={options} onChange={(patch) => setOptions((prev) => ({ ...prev, ...patch }))} />
        {start.isError && <Alert type="error" showIcon title={errorMessage(start.error, t)} />}
      </Flex>
    );
  } else if (job.data) {
    body = current === 4 ? <JobProgress job={job.data} /> : <JobResult job={job.data} />;
  } else {
    body = job.isError ? <Alert type="error" showIcon title={errorMessage(job.error, t)} /> : null;
  }

  const nextDisabled = (current === 0 && !file) || (current === 1 && (!detected.data || detected.isFetching)) || (current === 2 && problem !== null);

  return (
    <Card variant="borderless" styles={{ body: { padding: narrow ? 12 : 24 } }}>
      <Flex align="center" gap={8} style={{ marginBottom: 16 }} wrap>
        <Link to="/imports" aria-label={t('imp.history')}>
          <ArrowLeftOutlined />
        </Link>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('imp.new')}
        </Typography.Title>
        {file && <Typography.Text type="secondary">{file.fileName}</Typography.Text>}
      </Flex>
      {narrow ? (
        <Typography.Text strong style={{ display: 'block', marginBottom: 12 }} data-testid="wizard-step">
          {t('imp.stepOf', { n: current + 1, total: STEPS.length, title })}
        </Typography.Text>
      ) : (
        <Steps current={current} size="small" items={STEPS.map((key) => ({ title: t(key) }))} style={{ marginBottom: 24 }} data-testid="wizard-steps" />
      )}
      <div data-testid={`wizard-step-${current}`}>{body}</div>
      <Flex justify="space-between" gap={8} wrap style={{ marginTop: 24 }}>
        {current > 0 && current < 4 ? (
          <Button onClick={() => setStep(current - 1)} data-testid="wizard-back">
            {t('imp.back')}
          </Button>
        ) : (
          <span />
        )}
        {current < 3 && (
          <Button type="primary" disabled={nextDisabled} onClick={() => setStep(current + 1)} data-testid="wizard-next">
            {t('imp.next')}
          </Button>
        )}
        {current === 3 && (
          <Button type="primary" loading={start.isPending} disabled={problem !== null} onClick={() => start.mutate()} data-testid="wizard-start">
            {options.dryRun ? t('imp.startDry') : t('imp.start')}
          </Button>
        )}
        {current === 5 && (
          <Flex gap={8} wrap>
            <Button onClick={restart} data-testid="wizard-again">
              {t('imp.another')}
            </Button>
            <Link to={job.data?.kind === 'orders' ? '/imports' : '/customers'}>
              <Button type="primary">{job.data?.kind === 'orders' ? t('imp.history') : t('imp.toList')}</Button>
            </Link>
          </Flex>
        )}
      </Flex>
    </Card>
  );
}

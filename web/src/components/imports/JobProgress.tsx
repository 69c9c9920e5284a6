import { useEffect, useRef, useState } from 'react';
import { ReloadOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Alert, App, Button, Flex, Progress, Typography } from 'antd';
import { resumeImport, type ImportJob } from '../../api/imports';
import { useI18n } from '../../i18n/I18nProvider';
import { errorMessage } from '../../lib/errors';
import { importKeys } from './useImportJob';

/** Without progress for this long, a running job was probably cut off (a restart); offer to resume it. */
const STALL_MS = 20_000;

function duration(seconds: number, locale: string): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds % 3600) / 60);
  const s = Math.round(seconds % 60);
  if (locale === 'zh-CN') return h ? `${h} 小时 ${m} 分` : m ? `${m} 分 ${s} 秒` : `${s} 秒`;
  return h ? `${h} h ${m} min` : m ? `${m} min ${s} s` : `${s} s`;
}

/** Rows done, rows per second and time left of a running job, and a resume button for an interrupted one. */
export function JobProgress({ job }: { job: ImportJob }) {
  const { t, locale } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const [stalled, setStalled] = useState(false);
  const last = useRef({ rows: job.rowsDone, at: Date.now() });

  useEffect(() => {
    if (job.rowsDone !== last.current.rows) last.current = { rows: job.rowsDone, at: Date.now() };
    const timer = setInterval(() => setStalled(Date.now() - last.current.at > STALL_MS), 2000);
    return () => clearInterval(timer);
  }, [job.rowsDone]);

  const resume = useMutation({
    mutationFn: () => resumeImport(job.id),
    onSuccess: (resumed) => {
      last.current = { rows: resumed.rowsDone, at: Date.now() };
      setStalled(false);
      queryClient.setQueryData(importKeys.job(job.id), { ...resumed, status: resumed.status === 'failed' ? 'running' : resumed.status });
      void queryClient.invalidateQueries({ queryKey: importKeys.job(job.id) });
      message.success(t('imp.resumed'));
    },
    onError: (error) => message.error(errorMessage(error, t)),
  });

  const percent = job.rowsTotal ? Math.min(100, Math.round((job.rowsDone / job.rowsTotal) * 100)) : null;
  const rows = job.rowsDone.toLocaleString(locale);
  const failed = job.status === 'failed';
  const reason = job.error?.message?.[locale] ?? job.error?.code ?? '';

  return (
    <Flex vertical gap={12} data-testid="import-progress">
      {percent !== null ? <Progress percent={percent} status={failed ? 'exception' : 'active'} /> : <Progress percent={100} status={failed ? 'exception' : 'active'} showInfo={false} />}
      <Flex gap={16} wrap>
        <Typography.Text strong data-testid="import-rows-done">
          {job.status === 'pending' && job.rowsDone === 0
            ? t('imp.waiting')
            : job.rowsTotal
              ? t('imp.progressOf', { done: rows, total: job.rowsTotal.toLocaleString(locale) })
              : t('imp.progressRows', { done: rows })}
        </Typography.Text>
        {!stalled && !failed && job.rowsPerSecond !== null && job.rowsPerSecond > 0 && <Typography.Text>{t('imp.rate', { rate: Math.round(job.rowsPerSecond).toLocaleString(locale) })}</Typography.Text>}
        {!stalled && !failed && job.etaSeconds !== null && <Typography.Text type="secondary">{t('imp.eta', { time: duration(job.etaSeconds, locale) })}</Typography.Text>}
      </Flex>
      {(failed || stalled) && (
        <Alert
          type={failed ? 'error' : 'warning'}
          showIcon
          title={failed ? t('imp.failed', { reason }) : t('imp.stalled')}
          action={
            <Button size="small" type="primary" icon={<ReloadOutlined />} loading={resume.isPending} onClick={() => resume.mutate()} data-testid="import-resume">
              {t('imp.resume')}
            </Button>
          }
        />
      )}
    </Flex>
  );
}

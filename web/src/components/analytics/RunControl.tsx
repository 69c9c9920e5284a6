import { PlayCircleOutlined } from '@ant-design/icons';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { App, Button, Flex, Progress, Tag, Typography } from 'antd';
import { useEffect, useRef } from 'react';
import { startRun, type AnalysisRun } from '../../api/analytics';
import { useI18n } from '../../i18n/I18nProvider';
import type { MessageKey } from '../../i18n/messages';
import { formatDateTime } from '../../lib/dates';
import { errorMessage } from '../../lib/errors';
import { analyticsKeys, useRuns } from '../../queries/analytics';
import { useCurrentUser } from '../../queries/reference';
import { AnalysisEmpty } from './AnalysisPage';
import { queryKeys } from '../../queries/keys';

const STATUS_COLOR: Record<AnalysisRun['status'], string> = { queued: 'default', running: 'processing', done: 'success', failed: 'error' };

const busy = (run: AnalysisRun | undefined) => run?.status === 'queued' || run?.status === 'running';

/** Queuing a run is for managers and admins (the API says so too); staff see the runs only. */
function useCanRun(): boolean {
  const role = useCurrentUser().data?.role;
  return role === 'admin' || role === 'manager';
}

/** "No analysis has run yet", with what this user can do about it. */
export function NoRunEmpty() {
  const { t } = useI18n();
  const canRun = useCanRun();
  return <AnalysisEmpty title={t('an.empty.noRun')} hint={canRun ? t('an.empty.noRunHint') : t('an.empty.noRunHintStaff')} />;
}

/** "Run analysis now" and the latest run's progress; a finished run refreshes every analysis shown. */
export function RunControl() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const runs = useRuns();
  const canRun = useCanRun();
  const latest = runs.data?.items[0];
  const run = useMutation({
    mutationFn: () => startRun(),
    onSuccess: () => {
      message.success(t('an.run.started'));
      void queryClient.invalidateQueries({ queryKey: ['analytics', 'runs'] });
    },
    onError: (error) => message.error(errorMessage(error, t)),
  });

  // When the latest run turns done, everything computed from runs is stale. "none" counts as
  // seen, so a first run that finishes between two polls still refreshes the page.
  const seen = useRef<string | null>(null);
  const loaded = runs.isSuccess;
  useEffect(() => {
    if (!loaded) return;
    const mark = latest ? `${latest.id}:${latest.status}` : 'none';
    if (seen.current !== null && seen.current !== mark && latest?.status === 'done') {
      void queryClient.invalidateQueries({ queryKey: analyticsKeys.all });
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers });
    }
    seen.current = mark;
  }, [loaded, latest, queryClient]);

  // A step this build has no name for (a newer server) shows as the server sent it.
  const stepText = latest ? t(`an.run.stepName.${latest.progress.step}` as MessageKey) || latest.progress.step : '';
  return (
    <Flex vertical gap={4} style={{ minWidth: 240 }} data-testid="run-control">
      <Flex gap={8} align="center" wrap>
        {canRun && (
          <Button type="primary" icon={<PlayCircleOutlined />} loading={run.isPending} disabled={busy(latest)} onClick={() => run.mutate()} data-testid="run-now">
            {t('an.run.now')}
          </Button>
        )}
        {latest && (
          <Tag color={STATUS_COLOR[latest.status]} data-testid="run-status">
            {t(`an.run.status.${latest.status}`)}
          </Tag>
        )}
      </Flex>
      {latest && busy(latest) && (
        <div>
          <Progress percent={Math.round((100 * latest.progress.done) / Math.max(1, latest.progress.total))} size="small" status="active" />
          <Typography.Text type="secondary" style={{ fontSize: 12 }}>
            {t('an.run.step', { step: stepText })}
          </Typography.Text>
        </div>
      )}
      {latest && !busy(latest) && (
        <Typography.Text type={latest.status === 'failed' ? 'danger' : 'secondary'} style={{ fontSize: 12 }}>
          {t('an.run.last', { asOf: latest.asOf, status: t(`an.run.status.${latest.status}`) })}
          {latest.finishedAt ? ` · ${t('an.run.finishedAt', { time: formatDateTime(latest.finishedAt) })}` : ''}
          {latest.status === 'failed' && latest.error ? ` · ${latest.error}` : ''}
        </Typography.Text>
      )}
    </Flex>
  );
}

import { useEffect, useRef } from 'react';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { fetchImportJob, type ImportJob } from '../../api/imports';
import { queryKeys } from '../../queries/keys';

export const importKeys = {
  all: ['imports'] as const,
  list: ['imports', 'list'] as const,
  job: (id: string) => ['imports', 'job', id] as const,
  report: (id: string, kind: string) => ['imports', 'job', id, 'report', kind] as const,
  presets: (kind: string) => ['imports', 'presets', kind] as const,
};

export const isRunning = (job: ImportJob | undefined) => job?.status === 'pending' || job?.status === 'running';

/** A job, polled every second while it runs; the job row in the database is the truth, so any app instance answers. */
export function useImportJob(id: string | undefined) {
  const queryClient = useQueryClient();
  const job = useQuery({
    queryKey: importKeys.job(id ?? ''),
    queryFn: ({ signal }) => fetchImportJob(id!, signal),
    enabled: Boolean(id),
    staleTime: 0,
    refetchInterval: (query) => (isRunning(query.state.data) ? 1000 : false),
  });
  // When a job seen running ends, lists that show its rows (customers, orders, tags, the history) are stale.
  const wasRunning = useRef(false);
  const status = job.data?.status;
  useEffect(() => {
    if (isRunning(job.data)) wasRunning.current = true;
    else if (status && wasRunning.current) {
      wasRunning.current = false;
      void queryClient.invalidateQueries({ queryKey: queryKeys.customers });
      void queryClient.invalidateQueries({ queryKey: queryKeys.tags });
      void queryClient.invalidateQueries({ queryKey: queryKeys.groups });
      void queryClient.invalidateQueries({ queryKey: importKeys.list });
    }
  }, [status, job.data, queryClient]);
  return job;
}

/** A dry run ends rolled back without the all-or-nothing reason (a refused row) for it. */
export function isDryRunResult(job: ImportJob): boolean {
  return job.status === 'rolled_back' && !(job.options.allOrNothing && job.counts.rejected > 0);
}

import { useQuery } from '@tanstack/react-query';
import { fetchImportJob, type ImportJob } from '../../api/imports';

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
  return useQuery({
    queryKey: importKeys.job(id ?? ''),
    queryFn: ({ signal }) => fetchImportJob(id!, signal),
    enabled: Boolean(id),
    staleTime: 0,
    refetchInterval: (query) => (isRunning(query.state.data) ? 1000 : false),
  });
}

/** A dry run ends rolled back without the all-or-nothing reason (a refused row) for it. */
export function isDryRunResult(job: ImportJob): boolean {
  return job.status === 'rolled_back' && !(job.options.allOrNothing && job.counts.rejected > 0);
}

import { sql } from 'drizzle-orm';
import type { Database } from '../../../db/connect.js';
import { newId } from '../../../shared/ids.js';
import type { Schedule } from '../../scheduler/scheduler.js';
import { claimAndRunAnalysis, defaultWorkerId } from './run-analysis.js';

export const DAILY_RUN_TASK = 'analytics.daily-run';

/**
 * The analytics part of the schedule: every company-local day (from 01:00) a run as of that
 * day is queued, and a worker claims queued runs (and runs whose process died) and executes them.
 */
export function analyticsSchedule(database: Pick<Database, 'db' | 'engine'>, options: { at?: string; workerId?: string } = {}): Schedule {
  const workerId = options.workerId ?? defaultWorkerId();
  return {
    tasks: [{
      name: DAILY_RUN_TASK,
      at: options.at ?? '01:00',
      async run(tx, { day }) {
        await tx.execute(sql`
          INSERT INTO analysis_runs (id, as_of, params)
          SELECT ${newId()}, ${day}, '{"scheduled": true}'
           WHERE NOT EXISTS (SELECT 1 FROM analysis_runs WHERE as_of = ${day} AND status IN ('queued', 'running'))`);
      },
    }],
    workers: [{
      name: 'analytics.runs',
      runOnce: async () => (await claimAndRunAnalysis(database, { workerId })) !== null,
    }],
  };
}

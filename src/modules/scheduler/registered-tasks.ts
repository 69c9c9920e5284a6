import type { Database } from '../../db/connect.js';
import { analyticsSchedule } from '../analytics/scoring/schedule.js';
import type { Schedule } from './scheduler.js';

/** Every module's daily tasks and workers, as `weixi serve` runs them. Add a module's here. */
export function registeredSchedule(database: Pick<Database, 'db' | 'engine'>): Schedule {
  const parts: Schedule[] = [analyticsSchedule(database)];
  return { tasks: parts.flatMap((part) => part.tasks), workers: parts.flatMap((part) => part.workers) };
}

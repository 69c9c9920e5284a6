import { sql } from 'drizzle-orm';
import type { Db, Executor } from '../../db/connect.js';
import { getCompanySettings } from '../settings/company-settings.js';

/**
 * Daily tasks and background workers for `weixi serve`, shared by every app instance.
 *
 * A task runs once per company-local day, at or after its time of day: starting it is a
 * compare-and-set on its scheduled_tasks row (last_day < today → today) in the same
 * transaction as the task's own work, so with any number of instances exactly one starts
 * it, and a crash before commit leaves the day to be started again. Tasks should be short
 * (queue a job); long work belongs to a worker, which claims jobs itself (SKIP LOCKED).
 * Modules add theirs in registered-tasks.ts.
 */
export type ScheduledTask = {
  /** Stable name, the row key in scheduled_tasks (e.g. 'analytics.daily-run'). */
  name: string;
  /** Company-local time of day from which it may start, 'HH:MM' (default '00:00'). */
  at?: string;
  /** The day's work, inside the transaction that claimed the day. `day` is the company-local date. */
  run(tx: Executor, context: { day: string }): Promise<void>;
};

export type BackgroundWorker = {
  name: string;
  /** Does one unit of work; true if there was some (the scheduler then asks again at once). */
  runOnce(): Promise<boolean>;
};

export type Schedule = { tasks: ScheduledTask[]; workers: BackgroundWorker[] };

/** Today's date and the time of day in a time zone ('YYYY-MM-DD', 'HH:MM'). */
export function localNow(timeZone: string, now: Date = new Date()): { day: string; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })
    .formatToParts(now);
  const get = (type: string) => parts.find((part) => part.type === type)?.value ?? '00';
  return { day: `${get('year')}-${get('month')}-${get('day')}`, time: `${get('hour')}:${get('minute')}` };
}

/**
 * Starts every task that is due and not yet started today. Returns the names of the tasks
 * this call started (another instance may have started the others).
 */
export async function runDueTasks(db: Db, tasks: readonly ScheduledTask[], now: Date = new Date()): Promise<string[]> {
  const { timeZone } = await getCompanySettings(db);
  const { day, time } = localNow(timeZone, now);
  const started: string[] = [];
  for (const task of tasks) {
    if (time < (task.at ?? '00:00')) continue;
    const ran = await db.transaction(async (tx) => {
      const claimed = (await tx.execute(sql`
        INSERT INTO scheduled_tasks AS t (name, last_day, last_started_at, runs) VALUES (${task.name}, ${day}, now(), 1)
        ON CONFLICT (name) DO UPDATE SET last_day = EXCLUDED.last_day, last_started_at = now(), runs = t.runs + 1, last_error = NULL
         WHERE t.last_day IS NULL OR t.last_day < EXCLUDED.last_day
        RETURNING name`)) as unknown as { rows: unknown[] };
      if (claimed.rows.length === 0) return false;
      await task.run(tx, { day });
      await tx.execute(sql`UPDATE scheduled_tasks SET last_finished_at = now() WHERE name = ${task.name}`);
      return true;
    }).catch(async (error: unknown) => {
      // The day stays unclaimed (rolled back): the next tick tries again. Keep why.
      await db.execute(sql`UPDATE scheduled_tasks SET last_error = ${String((error as Error)?.message ?? error)} WHERE name = ${task.name}`).catch(() => undefined);
      throw error;
    });
    if (ran) started.push(task.name);
  }
  return started;
}

export type Scheduler = {
  /** One round: due tasks, then each worker until it has nothing to do. */
  tick(): Promise<void>;
  /** Finishes the round in hand, then stops. */
  stop(): Promise<void>;
};

export type SchedulerOptions = Schedule & {
  db: Db;
  /** Time between rounds (default 30 s). */
  intervalMs?: number;
  log?: (line: string) => void;
};

export function startScheduler(options: SchedulerOptions): Scheduler {
  const log = options.log ?? ((line: string) => console.error(line));
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let current: Promise<void> | undefined;
  const round = async () => {
    try {
      const started = await runDueTasks(options.db, options.tasks);
      for (const name of started) log(`scheduler: started ${name}`);
    } catch (error) {
      log(`scheduler: a task failed: ${String((error as Error)?.message ?? error)}`);
    }
    for (const worker of options.workers) {
      try {
        while (!stopped && (await worker.runOnce()));
      } catch (error) {
        log(`scheduler: worker ${worker.name} failed: ${String((error as Error)?.message ?? error)}`);
      }
    }
  };
  const tick = () => {
    current ??= round().finally(() => (current = undefined));
    return current;
  };
  const loop = () => {
    if (stopped) return;
    void tick().then(() => {
      if (!stopped) timer = setTimeout(loop, options.intervalMs ?? 30_000);
    });
  };
  timer = setTimeout(loop, 1_000);
  return {
    tick,
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await current;
    },
  };
}

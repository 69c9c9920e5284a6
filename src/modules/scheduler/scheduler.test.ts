import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../../db/connect.js';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { analyticsSchedule, DAILY_RUN_TASK } from '../analytics/scoring/schedule.js';
import { localNow, runDueTasks, type ScheduledTask } from './scheduler.js';

// 2024-07-01 17:30 UTC is 2024-07-02 01:30 in Shanghai (the default company time zone).
const NIGHT = new Date('2024-07-01T17:30:00Z');
const BEFORE_ONE = new Date('2024-07-01T16:30:00Z'); // 00:30 in Shanghai
const NEXT_NIGHT = new Date('2024-07-02T17:30:00Z');

describe('company-local time', () => {
  it('gives the day and time in the zone', () => {
    expect(localNow('Asia/Shanghai', NIGHT)).toEqual({ day: '2024-07-02', time: '01:30' });
    expect(localNow('America/New_York', NIGHT)).toEqual({ day: '2024-07-01', time: '13:30' });
  });
});

describe.each(testEngines())('daily tasks on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it('starts a task once per company-local day, from its time of day, and again after a failure', async () => {
    const days: string[] = [];
    let fail = true;
    const task: ScheduledTask = {
      name: 'test.count', at: '01:00',
      async run(_tx, { day }) {
        if (fail) {
          fail = false;
          throw new Error('first attempt fails');
        }
        days.push(day);
      },
    };
    expect(await runDueTasks(database.db, [task], BEFORE_ONE)).toEqual([]);
    await expect(runDueTasks(database.db, [task], NIGHT)).rejects.toThrow('first attempt fails');
    expect(await database.raw.query('SELECT last_day FROM scheduled_tasks WHERE name = $1', ['test.count'])).toEqual([]);
    expect(await runDueTasks(database.db, [task], NIGHT)).toEqual(['test.count']);
    expect(await runDueTasks(database.db, [task], NIGHT)).toEqual([]);
    expect(await runDueTasks(database.db, [task], NEXT_NIGHT)).toEqual(['test.count']);
    expect(days).toEqual(['2024-07-02', '2024-07-03']);
  });

  it('queues the daily analysis run once a day', async () => {
    const { tasks } = analyticsSchedule(database, { at: '01:00' });
    for (let i = 0; i < 3; i++) await runDueTasks(database.db, tasks, NIGHT);
    const runs = await database.raw.query<{ as_of: string; status: string }>(`SELECT as_of::text, status FROM analysis_runs`);
    expect(runs).toEqual([{ as_of: '2024-07-02', status: 'queued' }]);
    expect((await database.raw.query<{ runs: number }>('SELECT runs FROM scheduled_tasks WHERE name = $1', [DAILY_RUN_TASK]))[0]!.runs).toBe(1);
  });
});

/** Two app instances on one PostgreSQL: two pools ticking at the same moments. */
describe.skipIf(!process.env.TEST_DATABASE_URL)('two instances on one PostgreSQL', () => {
  let database: TestDatabase;
  let second: Database;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    second = await openDatabase({ databaseUrl: database.url, poolSize: 5 });
  });
  afterAll(async () => {
    await second.close();
    await database.close();
  });

  it('queue the daily run once and execute it once', async () => {
    const instances = [analyticsSchedule(database, { workerId: 'one' }), analyticsSchedule(second, { workerId: 'two' })];
    const dbs = [database.db, second.db];
    // Both tick ten times, side by side, on two days.
    for (const now of [NIGHT, NEXT_NIGHT]) {
      const started = await Promise.all(Array.from({ length: 20 }, (_, i) => runDueTasks(dbs[i % 2]!, instances[i % 2]!.tasks, now)));
      expect(started.flat()).toEqual([DAILY_RUN_TASK]);
    }
    expect(await database.raw.query(`SELECT as_of::text FROM analysis_runs ORDER BY as_of`)).toEqual([{ as_of: '2024-07-02' }, { as_of: '2024-07-03' }]);
    // Both workers poll at once: each run is executed by exactly one of them, once.
    const worked = await Promise.all(instances.flatMap((instance) => [instance.workers[0]!.runOnce(), instance.workers[0]!.runOnce()]));
    while (await instances[0]!.workers[0]!.runOnce()) { /* drain what the busy check deferred */ }
    expect(worked.filter(Boolean).length).toBeGreaterThanOrEqual(1);
    const runs = await database.raw.query<{ status: string; attempts: number; claimed_by: string }>(`SELECT status, attempts, claimed_by FROM analysis_runs ORDER BY as_of`);
    expect(runs.map((run) => [run.status, run.attempts])).toEqual([['done', 1], ['done', 1]]);
  });
});

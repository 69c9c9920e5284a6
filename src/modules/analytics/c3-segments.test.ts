import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { newId } from '../../shared/ids.js';
import { recordFeedback } from '../feedback/customer-feedback.js';
import { systemActor } from '../users/actor.js';
import { c3Segments } from './c3-segments.js';

/**
 * Eight crafted customers, one per C3 segment, judged as of 2024-07-01 (recent window
 * 2023-07-01…2024-06-30, previous window the 12 months before), worked out by hand:
 *
 * | who | attitude (why)                                  | behaviour (recent / previous days) | margin |
 * | P1  | + NPS 9 (a complaint 2023-09-01 is > 180 days old; an NPS 0 after asOf is ignored) | loyal 2 / 0 | 1000 |
 * | P2  | + satisfaction 5                                 | loyal 3 / 0             | 30   |
 * | P3  | + never surveyed, no complaint                   | disloyal 1 / 1          | 1800 |
 * | P4  | + NPS 8                                          | disloyal 1 / 0          | 20   |
 * | N5  | − complaint 2024-06-15 (NPS 10 does not help)    | loyal 3 / 2             | 1400 |
 * | N6  | − satisfaction 2                                 | loyal 2 / 4 (halved: still loyal) | 30 |
 * | N7  | − latest NPS 3 (an older 10)                     | disloyal 2 / 6 (down by more than half) | 4600 |
 * | N8  | − satisfaction 1                                 | disloyal 0 / 0          | 50   |
 */
const ORDERS: Record<string, [string, number][]> = {
  P1: [['2023-08-01', 500], ['2024-03-01', 500]],
  P2: [['2023-09-01', 10], ['2024-01-01', 10], ['2024-02-01', 10]],
  P3: [['2022-08-01', 900], ['2024-05-01', 900]],
  P4: [['2024-06-01', 20]],
  N5: [['2022-09-01', 100], ['2022-10-01', 100], ['2023-10-01', 400], ['2023-12-01', 400], ['2024-04-01', 400]],
  N6: [['2022-07-15', 5], ['2022-08-15', 5], ['2022-09-15', 5], ['2022-10-15', 5], ['2023-07-15', 5], ['2023-08-15', 5]],
  N7: [['2022-07-10', 100], ['2022-08-10', 100], ['2022-09-10', 100], ['2022-10-10', 100], ['2022-11-10', 100], ['2022-12-10', 100], ['2024-02-01', 2000], ['2024-03-01', 2000]],
  N8: [['2021-01-01', 50]],
};

describe.each(testEngines())('C3 segments on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
    const db = database.db;
    const ids: Record<string, string> = {};
    for (const [name, orders] of Object.entries(ORDERS)) {
      ids[name] = newId();
      await db.execute(sql`INSERT INTO customers (id, name, name_sort, stage) VALUES (${ids[name]}, ${name}, ${name}, 'current')`);
      for (const [day, amount] of orders) {
        await db.execute(sql`INSERT INTO orders (id, customer_id, ordered_at, amount) VALUES (${newId()}, ${ids[name]}, ${`${day} 12:00:00+08`}::timestamptz, ${amount})`);
      }
    }
    const answer = (name: string, kind: 'nps' | 'satisfaction', score: number, day: string) =>
      recordFeedback(db, systemActor, ids[name]!, { kind, score, surveyedAt: `${day}T10:00:00+08:00` });
    await answer('P1', 'nps', 9, '2024-01-10');
    await answer('P2', 'satisfaction', 5, '2024-02-10');
    await answer('P4', 'nps', 8, '2024-06-10');
    await answer('N5', 'nps', 10, '2024-05-10');
    await answer('N6', 'satisfaction', 2, '2024-03-10');
    await answer('N7', 'nps', 10, '2023-01-10');
    await answer('N7', 'nps', 3, '2024-04-10');
    await answer('N8', 'satisfaction', 1, '2023-05-10');
    const complaint = (name: string, day: string) =>
      db.execute(sql`INSERT INTO interactions (id, customer_id, kind, occurred_at) VALUES (${newId()}, ${ids[name]}, 'complaint', ${`${day} 10:00:00+08`}::timestamptz)`);
    await complaint('P1', '2023-09-01');
    await complaint('N5', '2024-06-15');
    // After asOf: ignored.
    await db.execute(sql`INSERT INTO customer_feedback (id, customer_id, kind, score, surveyed_at) VALUES (${newId()}, ${ids.P1}, 'nps', 0, '2024-08-01 10:00:00+08')`);
  });
  afterAll(() => database.close());

  const counts = (result: Awaited<ReturnType<typeof c3Segments>>) =>
    Object.fromEntries(result.segments.filter((segment) => segment.customers > 0).map((segment) => [segment.code, segment.customers]));

  it('puts each crafted customer in its segment (top half by margin = high value)', async () => {
    const result = await c3Segments(database.db, systemActor, { asOf: '2024-07-01', valueTopShare: 0.5 }, 'en-US');
    expect(result.buyers).toBe(8);
    expect(result.segments).toHaveLength(8);
    expect(counts(result)).toEqual({
      positive_loyal_high: 1, positive_loyal_low: 1, positive_disloyal_high: 1, positive_disloyal_low: 1,
      negative_loyal_high: 1, negative_loyal_low: 1, negative_disloyal_high: 1, negative_disloyal_low: 1,
    });
    const byCode = new Map(result.segments.map((segment) => [segment.code, segment]));
    expect(Number(byCode.get('negative_disloyal_high')!.margin)).toBe(4600);
    expect(byCode.get('positive_disloyal_high')!.surveyed).toBe(0);
    // Revenue share: N7's 4600 of all 8930.
    expect(byCode.get('negative_disloyal_high')!.revenueShare).toBeCloseTo(4600 / 8930, 6);
    expect(byCode.get('negative_loyal_high')).toMatchObject({ label: 'Passively loyal, high value', strategy: expect.stringMatching(/^Reduce switching risk/) });
  });

  it('defaults: top 20% by margin (2 of 8) are high value', async () => {
    const result = await c3Segments(database.db, systemActor, { asOf: '2024-07-01' }, 'zh-CN');
    expect(result.thresholds).toMatchObject({ npsPositiveMin: 7, satisfactionPositiveMin: 4, complaintDays: 180, valueTopShare: 0.2, loyalMinPurchases: 2, maxDecline: 0.5 });
    expect(counts(result)).toEqual({
      positive_loyal_low: 2, positive_disloyal_high: 1, positive_disloyal_low: 1,
      negative_loyal_low: 2, negative_disloyal_high: 1, negative_disloyal_low: 1,
    });
    expect(result.segments.find((segment) => segment.code === 'negative_loyal_high')!.label).toBe('被动忠诚的高价值客户');
  });

  it('thresholds move customers: a year of complaints, NPS 9 to be positive, one purchase day loyal, surveys-less customers negative', async () => {
    const result = await c3Segments(database.db, systemActor, {
      asOf: '2024-07-01', valueTopShare: 0.5, complaintDays: 365, npsPositiveMin: 9, loyalMinPurchases: 1, unknownAttitude: 'negative',
    });
    // P1 → negative (complaint within 365 days); P4 → negative (NPS 8 < 9) and loyal (1 day); P3 → negative (no survey) and loyal.
    expect(counts(result)).toEqual({
      positive_loyal_low: 1,
      negative_loyal_high: 3, negative_loyal_low: 2, negative_disloyal_high: 1, negative_disloyal_low: 1,
    });
  });

  it('refuses thresholds out of range, naming the field', async () => {
    const error = await c3Segments(database.db, systemActor, { npsPositiveMin: 11, valueTopShare: 1 }).catch((caught: unknown) => caught);
    expect((error as { issues: { path: string }[] }).issues.map((issue) => issue.path).sort()).toEqual(['npsPositiveMin', 'valueTopShare']);
  });
});

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../../db/connect.js';

/**
 * The knobs of the scoring run, stored as one JSON value under the settings key
 * `analytics.scoring` (missing fields take these defaults). See docs/analytics.md.
 */
export const scoringSettings = z.strictObject({
  /** CLV horizon in months and the yearly discount rate (10% = 0.1). */
  horizonMonths: z.number().int().min(1).max(120).default(12),
  discountRate: z.number().min(0).max(1).default(0.1),
  /** Share of revenue counted as value in CLV (1 = revenue CLV). */
  clvMargin: z.number().min(0).max(1).default(1),
  /** No purchase for longer than this: RFM segment "lost", counted as churned in reports. */
  lostAfterDays: z.number().int().min(1).max(3650).default(365),
  /** Reason p_alive_low: P(alive) below this. */
  pAliveThreshold: z.number().min(0).max(1).default(0.3),
  /** Reason p_alive_drop: P(alive) fell by at least this since the previous day's run. */
  pAliveDrop: z.number().min(0).max(1).default(0.2),
  /** Reason spend_down: the last `spendWindowDays` brought less than (1 − spendDrop) of the window before. */
  spendWindowDays: z.number().int().min(7).max(365).default(90),
  spendDrop: z.number().min(0).max(1).default(0.5),
  /** Reason no_contact: no contact and no purchase for this many days. */
  noContactDays: z.number().int().min(1).max(3650).default(90),
  /** Risk levels: high from this score, medium from the next. */
  highRisk: z.number().min(0).max(1).default(0.7),
  mediumRisk: z.number().min(0).max(1).default(0.4),
  /** A history row is written when P(alive) moved at least this much since the last one. */
  historyMinChange: z.number().min(0).max(1).default(0.05),
});
export type ScoringSettings = z.output<typeof scoringSettings>;

export const SCORING_SETTINGS_KEY = 'analytics.scoring';

export async function getScoringSettings(db: Executor): Promise<ScoringSettings> {
  const result = (await db.execute(sql`SELECT value FROM settings WHERE key = ${SCORING_SETTINGS_KEY}`)) as unknown as { rows: { value: unknown }[] };
  const stored = result.rows[0]?.value;
  const parsed = scoringSettings.safeParse(typeof stored === 'string' ? JSON.parse(stored) : (stored ?? {}));
  // A hand-edited value that no longer validates must not stop the daily run: use the defaults.
  return parsed.success ? parsed.data : scoringSettings.parse({});
}

import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../../db/connect.js';
import { ForbiddenError, ValidationError, type FieldIssue } from '../../../shared/errors.js';
import { parseInput } from '../../../shared/parse-input.js';
import { writeAudit } from '../../audit/write-audit.js';
import { isManager, type Actor } from '../../users/actor.js';

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

type Shape = typeof scoringSettings.shape;
type Key = keyof Shape;
const KEYS = Object.keys(scoringSettings.shape) as Key[];

/** Every field, checked as in `scoringSettings` but without the defaults: what the API sends out. */
export const scoringSettingsValues = z.strictObject(
  Object.fromEntries(KEYS.map((key) => [key, scoringSettings.shape[key].unwrap()])) as { [K in Key]: ReturnType<Shape[K]['unwrap']> },
);

/**
 * A change: any of the fields. Made from the fields without defaults, since `.partial()` of
 * `scoringSettings` keeps them and a change of one field would reset all the others.
 */
export const scoringSettingsPatch = scoringSettingsValues.partial();
export type ScoringSettingsPatch = z.input<typeof scoringSettingsPatch>;

export const SCORING_DEFAULTS: ScoringSettings = scoringSettings.parse({});

/**
 * mediumRisk < highRisk, or no customer could be medium. The issue names the field the caller
 * changed (highRisk when only it was sent), so the form marks the one the user just typed.
 */
function riskOrderIssues(settings: ScoringSettings, changed: ScoringSettingsPatch): FieldIssue[] {
  if (settings.mediumRisk < settings.highRisk) return [];
  if (changed.highRisk !== undefined && changed.mediumRisk === undefined) {
    return [{ path: 'highRisk', code: 'risk_order', message: {
      'zh-CN': `必须大于中风险阈值（${settings.mediumRisk}）`, 'en-US': `must be greater than mediumRisk (${settings.mediumRisk})`,
    } }];
  }
  return [{ path: 'mediumRisk', code: 'risk_order', message: {
    'zh-CN': `必须小于高风险阈值（${settings.highRisk}）`, 'en-US': `must be less than highRisk (${settings.highRisk})`,
  } }];
}

type Stored = { overrides: Partial<ScoringSettings>; settings: ScoringSettings; updatedAt: Date | null };

async function readStored(db: Executor): Promise<Stored> {
  const result = (await db.execute(sql`SELECT value, updated_at AS "updatedAt" FROM settings WHERE key = ${SCORING_SETTINGS_KEY}`)) as unknown as {
    rows: { value: unknown; updatedAt: Date | string }[];
  };
  const row = result.rows[0];
  const stored = typeof row?.value === 'string' ? JSON.parse(row.value) : (row?.value ?? {});
  const parsed = scoringSettings.safeParse(stored);
  const updatedAt = row ? new Date(row.updatedAt) : null;
  // A hand-edited value that no longer validates must not stop the daily run: use the defaults.
  if (!parsed.success || riskOrderIssues(parsed.data, {}).length > 0) return { overrides: {}, settings: SCORING_DEFAULTS, updatedAt };
  return { overrides: scoringSettingsPatch.parse(stored) as Partial<ScoringSettings>, settings: parsed.data, updatedAt };
}

export async function getScoringSettings(db: Executor): Promise<ScoringSettings> {
  return (await readStored(db)).settings;
}

export type ScoringSettingsView = { values: ScoringSettings; defaults: ScoringSettings; updatedAt: Date | null };

export async function getScoringSettingsView(db: Executor): Promise<ScoringSettingsView> {
  const { settings, updatedAt } = await readStored(db);
  return { values: settings, defaults: SCORING_DEFAULTS, updatedAt };
}

/**
 * Changes some or all of the thresholds (managers and admins). The next analysis run uses
 * them. Only values that differ from the defaults are stored, so a default changed in a later
 * release still reaches companies that never touched that field. Bad input changes nothing.
 */
export async function saveScoringSettings(db: Executor, actor: Actor, input: ScoringSettingsPatch): Promise<ScoringSettingsView> {
  if (!isManager(actor)) throw new ForbiddenError();
  const patch = parseInput(scoringSettingsPatch, input);
  return db.transaction(async (tx) => {
    // Locks the row (when there is one) so two saves cannot each merge into a stale copy.
    await tx.execute(sql`SELECT 1 FROM settings WHERE key = ${SCORING_SETTINGS_KEY} FOR UPDATE`);
    const before = await readStored(tx);
    const settings: ScoringSettings = { ...before.settings, ...(patch as Partial<ScoringSettings>) };
    const issues = riskOrderIssues(settings, patch);
    if (issues.length > 0) throw new ValidationError(issues);
    const overrides = Object.fromEntries(KEYS.filter((key) => settings[key] !== SCORING_DEFAULTS[key]).map((key) => [key, settings[key]]));
    const value = JSON.stringify(overrides);
    await tx.execute(sql`
      INSERT INTO settings (key, value) VALUES (${SCORING_SETTINGS_KEY}, ${value}::jsonb)
      ON CONFLICT (key) DO UPDATE SET value = excluded.value, updated_at = now()`);
    const changed = KEYS.filter((key) => settings[key] !== before.settings[key]);
    await writeAudit(tx, actor, {
      action: 'settings.update', entity: 'settings', entityId: SCORING_SETTINGS_KEY,
      data: { changes: Object.fromEntries(changed.map((key) => [key, { from: before.settings[key], to: settings[key] }])) },
    });
    return getScoringSettingsView(tx);
  });
}

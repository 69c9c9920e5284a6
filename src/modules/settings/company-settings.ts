import { inArray, sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { parseInput } from '../../shared/parse-input.js';
import { bilingual, matching } from '../../shared/zod-issues.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';
import { settings } from './schema.js';

function isTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: value });
    return true;
  } catch {
    return false;
  }
}

/** Company-wide settings. Dates such as birthdays and holidays are judged in `timeZone`. */
export const companySettings = z.strictObject({
  companyName: z.string().trim().max(100),
  timeZone: z.string().max(64).refine(isTimeZone, bilingual('不是有效的时区（如 Asia/Shanghai）', 'is not a valid time zone (e.g. Asia/Shanghai)')),
  /** Region for phone numbers written without a country code (ISO 3166 alpha-2). */
  phoneRegion: matching(z.string(), /^[A-Z]{2}$/, '应为两位国家代码，如 CN', 'must be a two-letter country code such as CN'),
  defaultLocale: z.enum(['zh-CN', 'en-US']),
});
export type CompanySettings = z.infer<typeof companySettings>;

export const DEFAULT_SETTINGS: CompanySettings = {
  companyName: '',
  timeZone: 'Asia/Shanghai',
  phoneRegion: 'CN',
  defaultLocale: 'zh-CN',
};

const KEYS = Object.keys(DEFAULT_SETTINGS) as (keyof CompanySettings)[];

export async function getCompanySettings(db: Executor): Promise<CompanySettings> {
  const rows = await db.select().from(settings).where(inArray(settings.key, KEYS));
  const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  return { ...DEFAULT_SETTINGS, ...stored } as CompanySettings;
}

export async function updateCompanySettings(db: Executor, actor: Actor, input: Partial<CompanySettings>): Promise<CompanySettings> {
  const changes = parseInput(companySettings.partial(), input);
  return db.transaction(async (tx) => {
    for (const [key, value] of Object.entries(changes)) {
      await tx
        .insert(settings)
        .values({ key, value })
        .onConflictDoUpdate({ target: settings.key, set: { value, updatedAt: sql`now()` } });
    }
    await writeAudit(tx, actor, { action: 'settings.update', entity: 'settings', data: changes });
    return getCompanySettings(tx);
  });
}

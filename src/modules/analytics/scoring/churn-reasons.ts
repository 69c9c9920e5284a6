import { sql, type SQL } from 'drizzle-orm';
import type { Locale, Messages } from '../../../shared/errors.js';
import type { ScoringSettings } from './scoring-settings.js';

/**
 * Why a customer is at risk: a pluggable list of reasons, each evaluated in SQL for every
 * buyer at once during an analysis run. A later capability (revisits overdue, contracts
 * expiring) adds a reason with registerChurnReason() — nothing else changes: the run joins
 * its sources, stores its code and figures, and the API renders its label and detail.
 *
 * The risk score combines P(alive) with the reasons' weights:
 *   risk = 1 − P(alive) · Π (1 − weight of each reason that applies)
 * so a customer the model believes alive and with no warning sign scores ≈ 0, and each
 * sign takes away a share of what is left.
 */
export type ReasonContext = {
  asOf: string;
  timeZone: string;
  settings: ScoringSettings;
  /** The first instant of the company-local day `asOf − days`. */
  dayStart(daysBefore: number): SQL;
};

/**
 * Extra per-customer facts a reason needs, as a SELECT of customer_id plus columns. It is
 * joined (LEFT JOIN … AS <name>) to the run's base rows; reasons sharing a source name share one.
 * The base row `b` has: customer_id, first_day, last_day, frequency, recency_days, tenure_days,
 * days_since_last, revenue, margin, spend_recent and spend_previous (net amounts of the last
 * `spendWindowDays` before asOf and of the same length before that), p_alive, prev_p_alive,
 * prev_as_of.
 */
export type ReasonSource = { name: string; select(ctx: ReasonContext): SQL };

export type ChurnReason = {
  code: string;
  label: Messages;
  /** 0..1: how much of the remaining "alive" share this reason takes away. */
  weight: number;
  sources?: ReasonSource[];
  /** SQL boolean: does the reason apply to this row? */
  when(ctx: ReasonContext): SQL;
  /** The figures behind it (stored with the score as {name: value}, shown in the detail). */
  figures(ctx: ReasonContext): ReasonFigure[];
  /** The detail in the user's language from those figures. */
  describe(data: Record<string, unknown>, locale: Locale): string;
};

/**
 * One figure of a reason, as SQL over the base row. The run writes the reasons of a
 * million customers as JSON text it composes itself (half the cost of jsonb_build_object):
 * a number must be an integer or numeric (finite), a date a date or timestamp (stored as
 * "YYYY-MM-DD"), text anything (escaped). NULL is stored as null.
 */
export type ReasonFigure = { name: string; kind: 'number' | 'date' | 'text'; value: SQL };

export type StoredReason = { code: string; data: Record<string, unknown> };
export type ReasonView = { code: string; label: string; detail: string };

const num = (value: unknown, digits = 2) => (typeof value === 'number' ? value.toFixed(digits) : String(value ?? '–'));

/** Interaction kinds that count as personal contact (a complaint is not a contact). */
export const CONTACT_KINDS = ['call', 'visit', 'meeting', 'wechat', 'email', 'sms'] as const;

const contactSource: ReasonSource = {
  name: 'contacts',
  select: (ctx) => sql`
    SELECT customer_id,
           max(occurred_at) FILTER (WHERE kind IN ${sql.raw(`(${CONTACT_KINDS.map((kind) => `'${kind}'`).join(', ')})`)}) AS last_contact,
           max(occurred_at) FILTER (WHERE kind = 'complaint') AS last_complaint
      FROM interactions
     WHERE occurred_at < ${ctx.dayStart(0)} AND kind IN ('complaint', ${sql.raw(CONTACT_KINDS.map((kind) => `'${kind}'`).join(', '))})
     GROUP BY customer_id`,
};

const pAliveLow: ChurnReason = {
  code: 'p_alive_low',
  label: { 'zh-CN': '存活概率低', 'en-US': 'Low chance still active' },
  // Already counted through P(alive) itself.
  weight: 0,
  when: (ctx) => sql`b.p_alive < ${ctx.settings.pAliveThreshold}`,
  figures: (ctx) => [
    { name: 'pAlive', kind: 'number', value: sql`round(b.p_alive::numeric, 3)` },
    { name: 'threshold', kind: 'number', value: sql`${ctx.settings.pAliveThreshold}::numeric` },
  ],
  describe: (d, locale) => locale === 'zh-CN'
    ? `模型估计仍在购买的概率 ${num(d.pAlive)}，低于 ${num(d.threshold)}`
    : `P(alive) ${num(d.pAlive)} is below ${num(d.threshold)}`,
};

const pAliveDrop: ChurnReason = {
  code: 'p_alive_drop',
  label: { 'zh-CN': '存活概率骤降', 'en-US': 'Chance still active fell fast' },
  weight: 0.3,
  when: (ctx) => sql`b.prev_p_alive IS NOT NULL AND b.prev_p_alive - b.p_alive >= ${ctx.settings.pAliveDrop}`,
  figures: () => [
    { name: 'from', kind: 'number', value: sql`round(b.prev_p_alive::numeric, 3)` },
    { name: 'to', kind: 'number', value: sql`round(b.p_alive::numeric, 3)` },
    { name: 'since', kind: 'date', value: sql`b.prev_as_of` },
  ],
  describe: (d, locale) => locale === 'zh-CN'
    ? `存活概率自 ${String(d.since)} 起从 ${num(d.from)} 降到 ${num(d.to)}`
    : `P(alive) fell from ${num(d.from)} to ${num(d.to)} since ${String(d.since)}`,
};

const spendDown: ChurnReason = {
  code: 'spend_down',
  label: { 'zh-CN': '消费下降', 'en-US': 'Spending down' },
  weight: 0.25,
  // The spend windows come with the run's summaries (one pass over orders).
  when: (ctx) => sql`b.spend_previous > 0 AND b.spend_recent < b.spend_previous * ${1 - ctx.settings.spendDrop}`,
  figures: (ctx) => [
    { name: 'recent', kind: 'text', value: sql`b.spend_recent` },
    { name: 'previous', kind: 'text', value: sql`b.spend_previous` },
    { name: 'days', kind: 'number', value: sql`${ctx.settings.spendWindowDays}::int` },
  ],
  describe: (d, locale) => locale === 'zh-CN'
    ? `近 ${String(d.days)} 天消费 ${String(d.recent)}，之前 ${String(d.days)} 天为 ${String(d.previous)}`
    : `spent ${String(d.recent)} in the last ${String(d.days)} days against ${String(d.previous)} in the ${String(d.days)} before`,
};

const noContact: ChurnReason = {
  code: 'no_contact',
  label: { 'zh-CN': '长期未联系', 'en-US': 'No contact for long' },
  weight: 0.15,
  sources: [contactSource],
  // A purchase is a contact too: the last touch is the later of the two.
  when: (ctx) => sql`(contacts.last_contact IS NULL OR contacts.last_contact < ${ctx.dayStart(ctx.settings.noContactDays)})
                     AND b.days_since_last >= ${ctx.settings.noContactDays}`,
  figures: (ctx) => [
    { name: 'lastContact', kind: 'date', value: sql`(contacts.last_contact AT TIME ZONE ${ctx.timeZone})` },
    { name: 'lastPurchase', kind: 'date', value: sql`b.last_day` },
    { name: 'days', kind: 'number', value: sql`${ctx.settings.noContactDays}::int` },
  ],
  describe: (d, locale) => locale === 'zh-CN'
    ? `超过 ${String(d.days)} 天未联系（最后联系 ${String(d.lastContact ?? '无')}，最后购买 ${String(d.lastPurchase)}）`
    : `no contact for over ${String(d.days)} days (last contact ${String(d.lastContact ?? 'never')}, last purchase ${String(d.lastPurchase)})`,
};

const openComplaint: ChurnReason = {
  code: 'open_complaint',
  label: { 'zh-CN': '投诉未跟进', 'en-US': 'Open complaint' },
  weight: 0.3,
  sources: [contactSource],
  when: () => sql`contacts.last_complaint IS NOT NULL AND (contacts.last_contact IS NULL OR contacts.last_contact <= contacts.last_complaint)`,
  figures: (ctx) => [{ name: 'since', kind: 'date', value: sql`(contacts.last_complaint AT TIME ZONE ${ctx.timeZone})` }],
  describe: (d, locale) => locale === 'zh-CN' ? `${String(d.since)} 的投诉之后没有再联系` : `no contact since a complaint on ${String(d.since)}`,
};

const reasons: ChurnReason[] = [pAliveLow, pAliveDrop, spendDown, noContact, openComplaint];

/** Adds (or replaces, by code) a reason evaluated by every later run. */
export function registerChurnReason(reason: ChurnReason): void {
  const at = reasons.findIndex((existing) => existing.code === reason.code);
  if (at >= 0) reasons[at] = reason;
  else reasons.push(reason);
}

export function churnReasons(): readonly ChurnReason[] {
  return reasons;
}

/** Label and detail of stored reasons in one language; unknown codes (a removed plug-in) show their code. */
export function describeReasons(stored: readonly StoredReason[], locale: Locale): ReasonView[] {
  return stored.map((item) => {
    const reason = reasons.find((candidate) => candidate.code === item.code);
    if (!reason) return { code: item.code, label: item.code, detail: '' };
    return { code: item.code, label: reason.label[locale], detail: reason.describe(item.data ?? {}, locale) };
  });
}

export function reasonLabel(code: string): Messages {
  return reasons.find((reason) => reason.code === code)?.label ?? { 'zh-CN': code, 'en-US': code };
}

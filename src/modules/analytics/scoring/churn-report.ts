import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../../db/connect.js';
import type { Locale } from '../../../shared/errors.js';
import { parseInput } from '../../../shared/parse-input.js';
import { customerAccess } from '../../customers/access.js';
import type { Actor } from '../../users/actor.js';
import { rfmSegmentLabels, type RfmSegmentKey } from '../rfm-labels.js';
import { latestDoneRun } from './analysis-runs.js';
import { reasonLabel } from './churn-reasons.js';

export const churnReportInput = z.strictObject({ by: z.enum(['segment', 'region', 'owner', 'month', 'reason']) });
export type ChurnReportBy = z.output<typeof churnReportInput>['by'];

export type ChurnReportRow = { key: string; label: string; customers: number; churned: number; atRisk: number; churnRate: number; revenueLost: string };
export type ChurnReport = { asOf: string | null; by: ChurnReportBy; rows: ChurnReportRow[] };

/**
 * Which customers churn, when and why, from the current scores of the actor's customers:
 * - churned: no purchase for longer than lostAfterDays (RFM segment "lost") or moved to the
 *   lifecycle stage 'churned'; atRisk: not churned and at high risk;
 * - churnRate = churned ÷ customers; revenueLost: what the churned customers brought a year
 *   while they bought (revenue ÷ years from first to last purchase, at least one year);
 * - by month: customers grouped by the month of their last purchase (when they went quiet);
 * - by reason: customers carrying each reason (a customer counts under each of theirs).
 */
export async function churnReport(db: Executor, actor: Actor, input: z.input<typeof churnReportInput>, locale: Locale): Promise<ChurnReport> {
  const { by } = parseInput(churnReportInput, input);
  const run = await latestDoneRun(db);
  const keys: Record<ChurnReportBy, SQL> = {
    segment: sql`cs.rfm_segment`,
    region: sql`coalesce(customers.region, '')`,
    owner: sql`coalesce(customers.owner_id::text, '')`,
    month: sql`to_char(cs.last_day, 'YYYY-MM')`,
    reason: sql`reason.value->>'code'`,
  };
  const reasonJoin = by === 'reason' ? sql`CROSS JOIN LATERAL jsonb_array_elements(cs.reasons) AS reason` : sql``;
  const churned = sql`(cs.rfm_segment = 'lost' OR customers.stage = 'churned')`;
  const result = (await db.execute(sql`
    SELECT ${keys[by]} AS key, count(*)::int AS customers,
           count(*) FILTER (WHERE ${churned})::int AS churned,
           count(*) FILTER (WHERE NOT ${churned} AND cs.risk_level = 'high')::int AS at_risk,
           coalesce(round(sum(cs.revenue / greatest(1, cs.recency_days / 365.0)) FILTER (WHERE ${churned}), 2), 0)::text AS revenue_lost,
           min(u.display_name) AS owner_name
      FROM customer_scores cs
      JOIN customers ON customers.id = cs.customer_id AND ${customerAccess(actor)}
      LEFT JOIN users u ON u.id = customers.owner_id
      ${reasonJoin}
     GROUP BY 1
     ORDER BY ${by === 'month' ? sql`1 DESC` : sql`2 DESC, 1`}
     ${by === 'month' ? sql`LIMIT 36` : sql``}`)) as unknown as {
    rows: { key: string; customers: number; churned: number; at_risk: number; revenue_lost: string; owner_name: string | null }[];
  };
  const none = locale === 'zh-CN' ? '（无）' : '(none)';
  const label = (row: (typeof result.rows)[number]): string => {
    if (by === 'segment') return rfmSegmentLabels[row.key as RfmSegmentKey]?.[locale] ?? row.key;
    if (by === 'reason') return reasonLabel(row.key)[locale];
    if (by === 'owner') return row.key ? (row.owner_name ?? row.key) : none;
    return row.key || none;
  };
  return {
    asOf: run?.asOf ?? null,
    by,
    rows: result.rows.map((row) => ({
      key: row.key,
      label: label(row),
      customers: Number(row.customers),
      churned: Number(row.churned),
      atRisk: Number(row.at_risk),
      churnRate: Number(row.customers) > 0 ? Number(row.churned) / Number(row.customers) : 0,
      revenueLost: row.revenue_lost,
    })),
  };
}

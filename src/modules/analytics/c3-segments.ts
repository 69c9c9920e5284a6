import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import type { Locale } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import type { Actor } from '../users/actor.js';
import { analysisInput, resolveScope, scopeEnd } from './analysis-scope.js';
import { customerSummariesSql } from './customer-summaries.js';

/**
 * C3 segmentation (attitude × behaviour × value → 8 segments, each with a strategy) over the
 * buyers the actor may see, as of a date (the first day not counted):
 *
 * - attitude is negative when the customer complained (interactions of kind 'complaint') at
 *   least `complaintsNegative` times in the last `complaintDays`, or the latest NPS answer is
 *   below `npsPositiveMin`, or the latest satisfaction answer is below `satisfactionPositiveMin`;
 *   otherwise positive. A customer never surveyed and without complaints counts as
 *   `unknownAttitude` (default positive: silence is not taken for dissatisfaction).
 * - behaviour is loyal when the customer bought on at least `loyalMinPurchases` days in the last
 *   `windowMonths` (the repeat rate) and that is not down by more than `maxDecline` on the
 *   window before (the trend); otherwise disloyal.
 * - value is high for the top `valueTopShare` of buyers by margin (revenue − cost − cost to
 *   serve, all purchases before asOf; ties at the cut all count as high). Margin, not CLV: the
 *   scoring pipeline's CLV can replace it when it exists.
 */
export const c3Thresholds = z.strictObject({
  npsPositiveMin: z.number().int().min(0).max(10).default(7),
  satisfactionPositiveMin: z.number().int().min(1).max(5).default(4),
  complaintDays: z.number().int().min(1).max(3650).default(180),
  complaintsNegative: z.number().int().min(1).max(1000).default(1),
  unknownAttitude: z.enum(['positive', 'negative']).default('positive'),
  windowMonths: z.number().int().min(1).max(60).default(12),
  loyalMinPurchases: z.number().int().min(1).max(1000).default(2),
  maxDecline: z.number().min(0).max(1).default(0.5),
  valueTopShare: z.number().gt(0).lt(1).default(0.2),
});
export const c3Input = analysisInput.extend(c3Thresholds.shape);
export type C3Input = z.input<typeof c3Input>;
export type C3Thresholds = z.output<typeof c3Thresholds>;

type Attitude = 'positive' | 'negative';
type Behaviour = 'loyal' | 'disloyal';
type Value = 'high' | 'low';
export type C3Segment = {
  code: string;
  attitude: Attitude;
  behaviour: Behaviour;
  value: Value;
  label: string;
  strategy: string;
  customers: number;
  share: number;
  revenue: string;
  revenueShare: number;
  margin: string;
  /** Customers of the segment with at least one survey answer (the rest were judged on complaints alone). */
  surveyed: number;
};
export type C3Result = { asOf: string; buyers: number; thresholds: C3Thresholds; segments: C3Segment[] };

type Text = Record<Locale, string>;
const SEGMENTS: { attitude: Attitude; behaviour: Behaviour; value: Value; label: Text; strategy: Text }[] = [
  { attitude: 'positive', behaviour: 'loyal', value: 'high', label: { 'zh-CN': '真正忠诚的高价值客户', 'en-US': 'Truly loyal, high value' }, strategy: { 'zh-CN': '重点维系：专属关怀、优先服务，邀请推荐新客户', 'en-US': 'Reward and deepen: exclusive care, priority service, ask for referrals' } },
  { attitude: 'positive', behaviour: 'loyal', value: 'low', label: { 'zh-CN': '真正忠诚的低价值客户', 'en-US': 'Truly loyal, low value' }, strategy: { 'zh-CN': '提升价值：交叉销售、升级推荐', 'en-US': 'Grow the basket: cross-sell and upgrades' } },
  { attitude: 'positive', behaviour: 'disloyal', value: 'high', label: { 'zh-CN': '潜在忠诚的高价值客户', 'en-US': 'Latently loyal, high value' }, strategy: { 'zh-CN': '消除购买障碍：便利购买、定期提醒，提高钱包份额', 'en-US': 'Remove barriers to buying more often: convenience, reminders, share of wallet' } },
  { attitude: 'positive', behaviour: 'disloyal', value: 'low', label: { 'zh-CN': '潜在忠诚的低价值客户', 'en-US': 'Latently loyal, low value' }, strategy: { 'zh-CN': '低成本提醒，促成再次购买', 'en-US': 'Low-cost nudges towards the next purchase' } },
  { attitude: 'negative', behaviour: 'loyal', value: 'high', label: { 'zh-CN': '被动忠诚的高价值客户', 'en-US': 'Passively loyal, high value' }, strategy: { 'zh-CN': '降低转换风险：立即处理不满，专人回访', 'en-US': 'Reduce switching risk: fix the dissatisfaction now, personal revisit' } },
  { attitude: 'negative', behaviour: 'loyal', value: 'low', label: { 'zh-CN': '被动忠诚的低价值客户', 'en-US': 'Passively loyal, low value' }, strategy: { 'zh-CN': '低成本改善满意度，关注流失迹象', 'en-US': 'Improve satisfaction cheaply; watch for switching' } },
  { attitude: 'negative', behaviour: 'disloyal', value: 'high', label: { 'zh-CN': '不忠诚的高价值客户', 'en-US': 'Not loyal, high value' }, strategy: { 'zh-CN': '挽回：查明原因，提供补救方案', 'en-US': 'Win back: find out why, make a recovery offer' } },
  { attitude: 'negative', behaviour: 'disloyal', value: 'low', label: { 'zh-CN': '不忠诚的低价值客户', 'en-US': 'Not loyal, low value' }, strategy: { 'zh-CN': '基本服务，考虑放弃', 'en-US': 'Basic service only; consider letting go' } },
];

type Row = { attitude: Attitude; behaviour: Behaviour; value: Value; customers: number; revenue: string; margin: string; surveyed: number };

export async function c3Segments(db: Executor, actor: Actor, input: C3Input = {}, locale: Locale = 'zh-CN'): Promise<C3Result> {
  const { asOf, ...thresholds } = parseInput(c3Input, input);
  const scope = await resolveScope(db, actor, { asOf });
  const end = scopeEnd(scope);
  const t = thresholds;
  const windowStart = sql`((${scope.asOf}::date - make_interval(months => ${t.windowMonths}))::timestamp AT TIME ZONE ${scope.timeZone})`;
  const previousStart = sql`((${scope.asOf}::date - make_interval(months => ${2 * t.windowMonths}))::timestamp AT TIME ZONE ${scope.timeZone})`;
  const result = (await db.execute(sql`
    WITH summaries AS MATERIALIZED (${customerSummariesSql(scope)}),
    days AS (
      SELECT o.customer_id, (o.ordered_at AT TIME ZONE ${scope.timeZone})::date AS day, bool_or(o.ordered_at >= ${windowStart}) AS recent
        FROM orders o JOIN summaries s ON s.customer_id = o.customer_id
       WHERE o.ordered_at >= ${previousStart} AND o.ordered_at < ${end} AND o.amount >= 0
       GROUP BY 1, 2
    ),
    behaviour AS (
      SELECT customer_id, count(*) FILTER (WHERE recent) AS recent, count(*) FILTER (WHERE NOT recent) AS previous FROM days GROUP BY 1
    ),
    surveys AS (
      SELECT customer_id, max(score) FILTER (WHERE kind = 'nps') AS nps, max(score) FILTER (WHERE kind = 'satisfaction') AS satisfaction
        FROM (
          SELECT DISTINCT ON (f.customer_id, f.kind) f.customer_id, f.kind, f.score
            FROM customer_feedback f JOIN summaries s ON s.customer_id = f.customer_id
           WHERE f.surveyed_at < ${end}
           ORDER BY f.customer_id, f.kind, f.surveyed_at DESC, f.id DESC
        ) latest GROUP BY 1
    ),
    complaints AS (
      SELECT i.customer_id, count(*) AS n
        FROM interactions i JOIN summaries s ON s.customer_id = i.customer_id
       WHERE i.kind = 'complaint' AND i.occurred_at < ${end} AND i.occurred_at >= ${end} - make_interval(days => ${t.complaintDays})
       GROUP BY 1
    ),
    judged AS (
      SELECT s.revenue, s.margin, (sv.customer_id IS NOT NULL) AS surveyed,
             CASE WHEN coalesce(c.n, 0) >= ${t.complaintsNegative} OR sv.nps < ${t.npsPositiveMin} OR sv.satisfaction < ${t.satisfactionPositiveMin} THEN 'negative'
                  WHEN sv.customer_id IS NULL THEN ${t.unknownAttitude}
                  ELSE 'positive' END AS attitude,
             CASE WHEN coalesce(b.recent, 0) >= ${t.loyalMinPurchases} AND coalesce(b.recent, 0) >= (1 - ${t.maxDecline}::float8) * coalesce(b.previous, 0)
                  THEN 'loyal' ELSE 'disloyal' END AS behaviour,
             CASE WHEN rank() OVER (ORDER BY s.margin DESC) <= ceil(${t.valueTopShare}::float8 * count(*) OVER ()) THEN 'high' ELSE 'low' END AS value
        FROM summaries s
        LEFT JOIN behaviour b ON b.customer_id = s.customer_id
        LEFT JOIN surveys sv ON sv.customer_id = s.customer_id
        LEFT JOIN complaints c ON c.customer_id = s.customer_id
    )
    SELECT attitude, behaviour, value, count(*)::int AS customers, sum(revenue)::text AS revenue, sum(margin)::text AS margin,
           count(*) FILTER (WHERE surveyed)::int AS surveyed
      FROM judged GROUP BY 1, 2, 3`)) as unknown as { rows: Row[] };
  const buyers = result.rows.reduce((sum, row) => sum + Number(row.customers), 0);
  const totalRevenue = result.rows.reduce((sum, row) => sum + Number(row.revenue), 0);
  const found = new Map(result.rows.map((row) => [`${row.attitude}_${row.behaviour}_${row.value}`, row]));
  return {
    asOf: scope.asOf,
    buyers,
    thresholds,
    segments: SEGMENTS.map((segment) => {
      const code = `${segment.attitude}_${segment.behaviour}_${segment.value}`;
      const row = found.get(code);
      const customers = Number(row?.customers ?? 0);
      return {
        code,
        attitude: segment.attitude,
        behaviour: segment.behaviour,
        value: segment.value,
        label: segment.label[locale],
        strategy: segment.strategy[locale],
        customers,
        share: buyers > 0 ? customers / buyers : 0,
        revenue: row?.revenue ?? '0',
        revenueShare: row && totalRevenue !== 0 ? Number(row.revenue) / totalRevenue : 0,
        margin: row?.margin ?? '0',
        surveyed: Number(row?.surveyed ?? 0),
      };
    }),
  };
}

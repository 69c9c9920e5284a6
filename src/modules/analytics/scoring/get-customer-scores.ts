import { sql } from 'drizzle-orm';
import type { Executor } from '../../../db/connect.js';
import { NotFoundError, type Locale } from '../../../shared/errors.js';
import { customerAccess } from '../../customers/access.js';
import type { Actor } from '../../users/actor.js';
import { rfmSegmentLabels, type RfmSegmentKey } from '../rfm-labels.js';
import { describeReasons, type ReasonView, type StoredReason } from './churn-reasons.js';
import type { RiskLevel } from './list-churn-risk.js';

export type CustomerScores = {
  asOf: string;
  runId: string;
  rfm: { r: number; f: number; m: number; segment: RfmSegmentKey; label: string };
  valueTier: 'top' | 'middle' | 'bottom';
  pAlive: number;
  pAliveChange: number | null;
  expectedPurchases90d: number;
  expectedAverageOrderValue: string;
  clv: string;
  riskScore: number;
  riskLevel: RiskLevel;
  reasons: ReasonView[];
};

const scoredEntity = { 'zh-CN': '已评分的客户', 'en-US': 'Scored customer' };

/** A customer's current scores; 404 when not visible to the actor or not scored (no purchase yet, or no run). */
export async function getCustomerScores(db: Executor, actor: Actor, customerId: string, locale: Locale): Promise<CustomerScores> {
  const result = (await db.execute(sql`
    SELECT to_char(cs.as_of, 'YYYY-MM-DD') AS as_of, cs.run_id, cs.rfm_r, cs.rfm_f, cs.rfm_m, cs.rfm_segment, cs.value_tier, cs.p_alive, cs.prev_p_alive,
           cs.expected_purchases_90d, cs.expected_aov::text AS expected_aov, cs.clv::text AS clv, cs.risk_score, cs.risk_level, cs.reasons
      FROM customer_scores cs JOIN customers ON customers.id = cs.customer_id AND ${customerAccess(actor)}
     WHERE cs.customer_id = ${customerId}`)) as unknown as {
    rows: {
      as_of: string; run_id: string; rfm_r: number; rfm_f: number; rfm_m: number; rfm_segment: RfmSegmentKey; value_tier: CustomerScores['valueTier'];
      p_alive: number; prev_p_alive: number | null; expected_purchases_90d: number; expected_aov: string; clv: string; risk_score: number;
      risk_level: RiskLevel; reasons: StoredReason[] | string;
    }[];
  };
  const row = result.rows[0];
  if (!row) throw new NotFoundError(scoredEntity, customerId);
  return {
    asOf: row.as_of,
    runId: row.run_id,
    rfm: { r: Number(row.rfm_r), f: Number(row.rfm_f), m: Number(row.rfm_m), segment: row.rfm_segment, label: rfmSegmentLabels[row.rfm_segment]?.[locale] ?? row.rfm_segment },
    valueTier: row.value_tier,
    pAlive: Number(row.p_alive),
    pAliveChange: row.prev_p_alive === null ? null : Number(row.p_alive) - Number(row.prev_p_alive),
    expectedPurchases90d: Number(row.expected_purchases_90d),
    expectedAverageOrderValue: row.expected_aov,
    clv: row.clv,
    riskScore: Number(row.risk_score),
    riskLevel: row.risk_level,
    reasons: describeReasons(typeof row.reasons === 'string' ? (JSON.parse(row.reasons) as StoredReason[]) : row.reasons, locale),
  };
}

export type RiskHistoryItem = { asOf: string; pAlive: number; riskScore: number; riskLevel: RiskLevel; rfmSegment: RfmSegmentKey; valueTier: CustomerScores['valueTier']; clv: string };

const customerEntity = { 'zh-CN': '客户', 'en-US': 'Customer' };

/**
 * The customer's risk history, oldest first (the last 400 rows). Rows are thinned (see the
 * migration): between two rows the values stayed as in the earlier one.
 */
export async function getRiskHistory(db: Executor, actor: Actor, customerId: string): Promise<{ items: RiskHistoryItem[] }> {
  const visible = (await db.execute(sql`SELECT 1 FROM customers WHERE id = ${customerId} AND ${customerAccess(actor)}`)) as unknown as { rows: unknown[] };
  if (visible.rows.length === 0) throw new NotFoundError(customerEntity, customerId);
  const result = (await db.execute(sql`
    SELECT * FROM (
      SELECT to_char(as_of, 'YYYY-MM-DD') AS "asOf", p_alive AS "pAlive", risk_score AS "riskScore", risk_level AS "riskLevel",
             rfm_segment AS "rfmSegment", value_tier AS "valueTier", clv::text AS clv
        FROM customer_score_history WHERE customer_id = ${customerId} ORDER BY as_of DESC LIMIT 400
    ) h ORDER BY "asOf"`)) as unknown as { rows: RiskHistoryItem[] };
  return { items: result.rows.map((row) => ({ ...row, pAlive: Number(row.pAlive), riskScore: Number(row.riskScore) })) };
}

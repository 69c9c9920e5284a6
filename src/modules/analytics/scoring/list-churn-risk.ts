import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { concurrently, type Executor } from '../../../db/connect.js';
import { decodeCursor, encodeCursor, invalidCursor } from '../../../shared/cursor.js';
import type { Locale } from '../../../shared/errors.js';
import { parseInput } from '../../../shared/parse-input.js';
import { customerAccess } from '../../customers/access.js';
import type { Actor } from '../../users/actor.js';
import { rfmSegmentKeys, rfmSegmentLabels, type RfmSegmentKey } from '../rfm-labels.js';
import { latestDoneRun } from './analysis-runs.js';
import { describeReasons, type ReasonView, type StoredReason } from './churn-reasons.js';

export const riskLevels = ['high', 'medium', 'low'] as const;
export type RiskLevel = (typeof riskLevels)[number];
export const valueTiers = ['top', 'middle', 'bottom'] as const;

export const churnRiskInput = z.strictObject({
  /** Default: high and medium — the customers at risk. */
  levels: z.array(z.enum(riskLevels)).min(1).max(3).optional(),
  ownerId: z.uuid().optional(),
  region: z.string().max(64).optional(),
  segment: z.enum(rfmSegmentKeys).optional(),
  limit: z.number().int().min(1).max(200).default(50),
  cursor: z.string().max(500).optional(),
});

export type ChurnRiskItem = {
  customerId: string; name: string; ownerId: string | null; ownerName: string | null; region: string | null;
  rfmSegment: RfmSegmentKey; rfmLabel: string; valueTier: (typeof valueTiers)[number];
  pAlive: number; pAliveChange: number | null; clv: string; riskScore: number; riskLevel: RiskLevel; reasons: ReasonView[];
};

export type ChurnRiskList = { asOf: string | null; runId: string | null; total: number; items: ChurnRiskItem[]; nextCursor: string | null };

type Row = {
  id: string; name: string; owner_id: string | null; owner_name: string | null; region: string | null; rfm_segment: RfmSegmentKey;
  value_tier: ChurnRiskItem['valueTier']; p_alive: number; prev_p_alive: number | null; clv: string; risk_score: number; risk_text: string;
  risk_level: RiskLevel; reasons: StoredReason[] | string;
};

/** The ranked churn early-warning list: highest risk first, within the actor's customers. */
export async function listChurnRisk(db: Executor, actor: Actor, input: z.input<typeof churnRiskInput>, locale: Locale): Promise<ChurnRiskList> {
  const options = parseInput(churnRiskInput, input);
  const run = await latestDoneRun(db);
  const conditions: SQL[] = [customerAccess(actor), sql`cs.risk_level = ANY(${sql.param(options.levels ?? ['high', 'medium'])}::text[])`];
  if (options.ownerId) conditions.push(sql`customers.owner_id = ${options.ownerId}`);
  if (options.region) conditions.push(sql`customers.region = ${options.region}`);
  if (options.segment) conditions.push(sql`cs.rfm_segment = ${options.segment}`);
  const where = sql.join(conditions, sql` AND `);
  let after = sql`true`;
  if (options.cursor) {
    const cursor = decodeCursor(options.cursor);
    if (!Number.isFinite(Number(cursor.v))) throw invalidCursor();
    after = sql`(cs.risk_score, cs.customer_id) < (${cursor.v}::float8, ${cursor.id}::uuid)`;
  }
  const from = sql`customer_scores cs JOIN customers ON customers.id = cs.customer_id`;
  const [page, count] = await concurrently(
    db,
    () => db.execute(sql`
      SELECT customers.id, customers.name, customers.owner_id, u.display_name AS owner_name, customers.region, cs.rfm_segment, cs.value_tier,
             cs.p_alive, cs.prev_p_alive, cs.clv::text AS clv, cs.risk_score, cs.risk_score::text AS risk_text, cs.risk_level, cs.reasons
        FROM ${from} LEFT JOIN users u ON u.id = customers.owner_id
       WHERE ${where} AND ${after}
       ORDER BY cs.risk_score DESC, cs.customer_id DESC
       LIMIT ${options.limit + 1}`) as unknown as Promise<{ rows: Row[] }>,
    () => db.execute(sql`SELECT count(*)::int AS n FROM ${from} WHERE ${where}`) as unknown as Promise<{ rows: { n: number }[] }>,
  );
  const rows = page.rows;
  const total = Number(count.rows[0]?.n ?? 0);
  const items = rows.slice(0, options.limit);
  const last = items.at(-1);
  return {
    asOf: run?.asOf ?? null,
    runId: run?.id ?? null,
    total,
    nextCursor: rows.length > options.limit && last ? encodeCursor({ v: last.risk_text, id: last.id }) : null,
    items: items.map((row) => ({
      customerId: row.id,
      name: row.name,
      ownerId: row.owner_id,
      ownerName: row.owner_name,
      region: row.region,
      rfmSegment: row.rfm_segment,
      rfmLabel: rfmSegmentLabels[row.rfm_segment]?.[locale] ?? row.rfm_segment,
      valueTier: row.value_tier,
      pAlive: Number(row.p_alive),
      pAliveChange: row.prev_p_alive === null ? null : Number(row.p_alive) - Number(row.prev_p_alive),
      clv: row.clv,
      riskScore: Number(row.risk_score),
      riskLevel: row.risk_level,
      reasons: describeReasons(typeof row.reasons === 'string' ? (JSON.parse(row.reasons) as StoredReason[]) : row.reasons, locale),
    })),
  };
}

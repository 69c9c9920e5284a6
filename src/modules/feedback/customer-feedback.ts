import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { writeAudit } from '../audit/write-audit.js';
import { requireVisibleCustomer } from '../timeline/visible-customer.js';
import { systemActor, type Actor } from '../users/actor.js';
import { recordFeedbackInput, type FeedbackView, type RecordFeedbackInput } from './feedback-input.js';

type Row = { id: string; customer_id: string; kind: FeedbackView['kind']; score: number; comment: string | null; surveyed_at: string; recorded_by: string | null; recorded_by_name: string | null; created_at: string };

const select = sql`
  SELECT f.id, f.customer_id, f.kind, f.score::int AS score, f.comment,
         to_char(f.surveyed_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS surveyed_at, f.recorded_by, u.display_name AS recorded_by_name,
         to_char(f.created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS created_at
    FROM customer_feedback f LEFT JOIN users u ON u.id = f.recorded_by`;

const toView = (row: Row): FeedbackView => ({
  id: row.id, customerId: row.customer_id, kind: row.kind, score: Number(row.score), comment: row.comment,
  surveyedAt: row.surveyed_at, recordedBy: row.recorded_by, recordedByName: row.recorded_by_name, createdAt: row.created_at,
});

/** Records one survey answer (NPS or satisfaction) of a customer the actor may see; audited in the same transaction. */
export async function recordFeedback(db: Executor, actor: Actor, customerId: string, input: RecordFeedbackInput): Promise<FeedbackView> {
  const data = parseInput(recordFeedbackInput, input);
  return db.transaction(async (tx) => {
    await requireVisibleCustomer(tx, actor, customerId, { lock: true });
    const id = newId();
    // The system actor (CLI, imports) is not a user row.
    const recordedBy = actor.userId === systemActor.userId ? null : actor.userId;
    await tx.execute(sql`
      INSERT INTO customer_feedback (id, customer_id, kind, score, comment, surveyed_at, recorded_by)
      VALUES (${id}, ${customerId}, ${data.kind}, ${data.score}, ${data.comment || null}, coalesce(${data.surveyedAt ?? null}::timestamptz, now()), ${recordedBy})`);
    await writeAudit(tx, actor, { action: 'feedback.create', entity: 'customer_feedback', entityId: id, customerId, data: { kind: data.kind, score: data.score } });
    const rows = (await tx.execute(sql`${select} WHERE f.customer_id = ${customerId} AND f.id = ${id}`)) as unknown as { rows: Row[] };
    return toView(rows.rows[0]!);
  });
}

/** A customer's survey answers, newest first. */
export async function listFeedback(db: Executor, actor: Actor, customerId: string): Promise<{ items: FeedbackView[] }> {
  await requireVisibleCustomer(db, actor, customerId);
  const rows = (await db.execute(sql`${select} WHERE f.customer_id = ${customerId} ORDER BY f.surveyed_at DESC, f.id DESC LIMIT 1000`)) as unknown as { rows: Row[] };
  return { items: rows.rows.map(toView) };
}

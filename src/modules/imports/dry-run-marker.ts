import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from '../users/actor.js';

// A dry run is a way of running a job, not one of its stored options (a CLI dry run never
// keeps a job worth resuming). The API's dry runs run in the background, so a restart can
// interrupt one; its audit row is what tells a later resume to run it dry again rather than
// write the rows for real.
const ACTION = 'import.dry_run_requested';

export async function markDryRun(db: Executor, actor: Actor, jobId: string): Promise<void> {
  await writeAudit(db, actor, { action: ACTION, entity: 'import_job', entityId: jobId });
}

export async function isDryRun(db: Executor, jobId: string): Promise<boolean> {
  const result = (await db.execute(sql`SELECT 1 FROM audit_log WHERE entity = 'import_job' AND entity_id = ${jobId} AND action = ${ACTION} LIMIT 1`)) as unknown as { rows: unknown[] };
  return result.rows.length > 0;
}

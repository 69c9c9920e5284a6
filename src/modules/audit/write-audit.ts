import type { Executor } from '../../db/connect.js';
import type { Actor } from '../users/actor.js';
import { auditLog } from './schema.js';

export type AuditEntry = {
  action: string;
  entity: string;
  entityId?: string;
  customerId?: string;
  data?: Record<string, unknown>;
};

/** Call inside the same transaction as the change it records. */
export async function writeAudit(db: Executor, actor: Actor, entry: AuditEntry): Promise<void> {
  await db.insert(auditLog).values({
    userId: actor.userId,
    action: entry.action,
    entity: entry.entity,
    entityId: entry.entityId ?? null,
    customerId: entry.customerId ?? null,
    data: entry.data ?? {},
  });
}

import { and, ne, sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ConflictError } from '../../shared/errors.js';
import { groups } from './schema.js';

/** The unique index on lower(name) in 0001_core.sql. */
export const GROUP_NAME_INDEX = 'groups_name_key';

export function groupNameTaken(name: string): ConflictError {
  return new ConflictError('group_name_taken', {
    'zh-CN': `已有名为“${name}”的分组`,
    'en-US': `A group named "${name}" already exists`,
  }, { field: 'name' });
}

/** Throws 409 when another group has this name in any letter case. */
export async function assertGroupNameFree(db: Executor, name: string, exceptId?: string): Promise<void> {
  const sameName = sql`lower(${groups.name}) = lower(${name})`;
  const taken = await db.select({ id: groups.id }).from(groups).where(exceptId ? and(sameName, ne(groups.id, exceptId)) : sameName);
  if (taken.length > 0) throw groupNameTaken(name);
}

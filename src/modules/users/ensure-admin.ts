import { randomBytes } from 'node:crypto';
import type { Executor } from '../../db/connect.js';
import { ConflictError } from '../../shared/errors.js';
import { systemActor } from './actor.js';
import { createUser } from './create-user.js';
import { countUsers } from './list-users.js';

/**
 * On the very first start there is nobody to sign in as: create an admin with a random
 * password (or WEIXI_ADMIN_PASSWORD) and return it so the caller can print it once.
 */
export async function ensureAdmin(db: Executor, password = process.env.WEIXI_ADMIN_PASSWORD): Promise<{ username: string; password: string } | undefined> {
  if ((await countUsers(db)) > 0) return undefined;
  const chosen = password ?? randomBytes(9).toString('base64url');
  try {
    await createUser(db, systemActor, { username: 'admin', displayName: '管理员', password: chosen, role: 'admin' });
  } catch (error) {
    // Another instance starting at the same moment created it first.
    if (error instanceof ConflictError) return undefined;
    throw error;
  }
  return { username: 'admin', password: chosen };
}

import { sql } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { ConflictError } from '../../shared/errors.js';
import { newId } from '../../shared/ids.js';
import { parseInput } from '../../shared/parse-input.js';
import { isUniqueViolation } from '../../shared/unique-violation.js';
import type { z } from 'zod';
import { writeAudit } from '../audit/write-audit.js';
import type { Actor } from './actor.js';
import { hashPassword } from './passwords.js';
import { users } from './schema.js';
import { createUserInput, type CreateUserInput, type UserView } from './user-input.js';
import { toUserView } from './user-view.js';

export async function createUser(db: Executor, actor: Actor, input: CreateUserInput): Promise<UserView> {
  const data = parseInput(createUserInput, input);
  const passwordHash = await hashPassword(data.password);
  const taken = () =>
    new ConflictError('username_taken', {
      'zh-CN': `用户名 ${data.username} 已被使用`,
      'en-US': `The username ${data.username} is already taken`,
    }, { field: 'username' });
  try {
    return await insertUser(db, actor, data, passwordHash, taken);
  } catch (error) {
    // Two requests (or two instances creating the first admin) passed the check together.
    if (isUniqueViolation(error, 'users_username_key')) throw taken();
    throw error;
  }
}

async function insertUser(
  db: Executor,
  actor: Actor,
  data: z.output<typeof createUserInput>,
  passwordHash: string,
  taken: () => ConflictError,
): Promise<UserView> {
  return db.transaction(async (tx) => {
    const existing = await tx
      .select({ id: users.id })
      .from(users)
      .where(sql`lower(${users.username}) = lower(${data.username})`);
    if (existing.length > 0) throw taken();
    const [row] = await tx
      .insert(users)
      .values({
        id: newId(),
        username: data.username,
        displayName: data.displayName ?? data.username,
        email: data.email ?? null,
        passwordHash,
        role: data.role,
        regions: data.regions,
        team: data.team ?? null,
        locale: data.locale,
      })
      .returning();
    await writeAudit(tx, actor, { action: 'user.create', entity: 'user', entityId: row!.id, data: { username: row!.username, role: row!.role } });
    return toUserView(row!);
  });
}

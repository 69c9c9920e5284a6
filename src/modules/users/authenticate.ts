import { sql } from 'drizzle-orm';
import { z } from 'zod';
import type { Executor } from '../../db/connect.js';
import { AppError } from '../../shared/errors.js';
import { parseInput } from '../../shared/parse-input.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { users } from './schema.js';
import { createSession } from './sessions.js';
import type { UserView } from './user-input.js';
import { toUserView } from './user-view.js';

export const loginInput = z.strictObject({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(200),
});

// Verifying against a real hash when the user does not exist keeps the response time
// the same, so timing does not reveal which usernames exist.
let decoyHash: Promise<string> | undefined;

export class InvalidCredentialsError extends AppError {
  constructor() {
    super('invalid_credentials', { 'zh-CN': '用户名或密码错误', 'en-US': 'Wrong username or password' }, undefined, 401);
  }
}

export async function authenticate(db: Executor, input: unknown): Promise<{ user: UserView; token: string; expiresAt: Date }> {
  const { username, password } = parseInput(loginInput, input);
  const [row] = await db.select().from(users).where(sql`lower(${users.username}) = lower(${username})`);
  if (!row) {
    decoyHash ??= hashPassword('decoy-password-for-timing');
    await verifyPassword(await decoyHash, password);
    throw new InvalidCredentialsError();
  }
  if (row.disabled || !(await verifyPassword(row.passwordHash, password))) throw new InvalidCredentialsError();
  const session = await createSession(db, row.id);
  return { user: toUserView(row), ...session };
}

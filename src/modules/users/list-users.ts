import { asc, eq } from 'drizzle-orm';
import type { Executor } from '../../db/connect.js';
import { NotFoundError } from '../../shared/errors.js';
import { users } from './schema.js';
import type { UserView } from './user-input.js';
import { toUserView } from './user-view.js';

export async function listUsers(db: Executor): Promise<UserView[]> {
  const rows = await db.select().from(users).orderBy(asc(users.username));
  return rows.map(toUserView);
}

export async function getUser(db: Executor, id: string): Promise<UserView> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  if (!row) throw new NotFoundError({ 'zh-CN': '用户', 'en-US': 'User' }, id);
  return toUserView(row);
}

export async function countUsers(db: Executor): Promise<number> {
  const rows = await db.select({ id: users.id }).from(users).limit(1);
  return rows.length;
}

import type { FastifyInstance } from 'fastify';
import type { Engine } from '../db/connect.js';
import { openTestDatabase, type TestDatabase } from '../db/test-support.js';
import { systemActor } from '../modules/users/actor.js';
import { createUser } from '../modules/users/create-user.js';
import { buildApp } from './app.js';

export type TestApp = {
  app: FastifyInstance;
  database: TestDatabase;
  /** Headers that sign in as the seeded admin (cookie from a real login). */
  admin: Record<string, string>;
  adminId: string;
  close(): Promise<void>;
};

export const TEST_ADMIN = { username: 'admin', password: 'admin-password-1' };

/** A migrated database, the real Fastify app on it, and a signed-in admin. */
export async function openTestApp(engine: Engine): Promise<TestApp> {
  const database = await openTestDatabase(engine);
  const adminUser = await createUser(database.db, systemActor, { ...TEST_ADMIN, displayName: '管理员', role: 'admin' });
  const app = await buildApp({ database, webDir: '/nonexistent' });
  const admin = await loginHeaders(app, TEST_ADMIN.username, TEST_ADMIN.password);
  return {
    app,
    database,
    admin,
    adminId: adminUser.id,
    async close() {
      await app.close();
      await database.close();
    },
  };
}

export async function loginHeaders(app: FastifyInstance, username: string, password: string): Promise<Record<string, string>> {
  const response = await app.inject({ method: 'POST', url: '/api/v1/auth/login', payload: { username, password } });
  if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
  const cookie = response.cookies.find((item) => item.name === 'weixi_session');
  return { cookie: `weixi_session=${cookie!.value}` };
}

import { afterAll, beforeAll, expect } from 'vitest';
import type { Engine, Executor } from '../../db/connect.js';
import { openTestDatabase, type TestDatabase } from '../../db/test-support.js';
import { ValidationError } from '../../shared/errors.js';
import { openTestApp, loginHeaders, type TestApp } from '../../server/test-app.js';
import { createCustomer } from '../customers/create-customer.js';
import type { CustomerView } from '../customers/customer-view.js';
import { systemActor, type Actor } from '../users/actor.js';
import { createUser } from '../users/create-user.js';

/**
 * People and customers for tests of what hangs off a customer (timeline, orders, groups,
 * custom fields): an admin, a manager, and a staff member who looks after 华东 and so
 * sees `east` but not `north`.
 */
export type Fixture = {
  admin: Actor;
  manager: Actor;
  staff: Actor;
  east: CustomerView;
  north: CustomerView;
};

const STAFF = { username: 'xiaoli', displayName: '小李', password: 'staff-password', role: 'staff' as const, regions: ['华东'] };
const MANAGER = { username: 'laowang', displayName: '老王', password: 'manager-password', role: 'manager' as const };

export async function createFixture(db: Executor, adminId?: string): Promise<Fixture> {
  const adminUser = adminId ? { id: adminId } : await createUser(db, systemActor, { username: 'boss', password: 'boss-password', role: 'admin' });
  const managerUser = await createUser(db, systemActor, MANAGER);
  const staffUser = await createUser(db, systemActor, STAFF);
  const admin: Actor = { userId: adminUser.id, role: 'admin', regions: [] };
  return {
    admin,
    manager: { userId: managerUser.id, role: 'manager', regions: [] },
    staff: { userId: staffUser.id, role: 'staff', regions: STAFF.regions },
    east: await createCustomer(db, admin, { name: '张伟', region: '华东' }),
    north: await createCustomer(db, admin, { name: '周杰', region: '华北' }),
  };
}

export type FixtureApp = TestApp & Pick<Fixture, 'east' | 'north'> & { staffHeaders: Record<string, string>; managerHeaders: Record<string, string> };

/** The real HTTP app with the fixture and signed-in staff and manager sessions. */
export async function openFixtureApp(engine: Engine): Promise<FixtureApp> {
  const t = await openTestApp(engine);
  const { east, north } = await createFixture(t.database.db, t.adminId);
  return Object.assign(t, {
    east,
    north,
    staffHeaders: await loginHeaders(t.app, STAFF.username, STAFF.password),
    managerHeaders: await loginHeaders(t.app, MANAGER.username, MANAGER.password),
  });
}

/** The JSON body of a 400 as { path: code }, to assert exactly which fields were refused. */
export function fieldCodes(body: { error: { details?: unknown } }): Record<string, string> {
  const fields = (body.error.details as { fields?: { path: string; code: string }[] } | undefined)?.fields ?? [];
  return Object.fromEntries(fields.map((field) => [field.path, field.code]));
}

export type FixtureDatabase = Fixture & { database: TestDatabase; db: TestDatabase['db'] };

/** For a describe block: a fresh database with the fixture, opened before and closed after its tests. */
export function useFixtureDatabase(engine: Engine): FixtureDatabase {
  const context = {} as FixtureDatabase;
  beforeAll(async () => {
    const database = await openTestDatabase(engine);
    Object.assign(context, await createFixture(database.db), { database, db: database.db });
  });
  afterAll(() => context.database.close());
  return context;
}

/** For a describe block: the HTTP app with the fixture, opened before and closed after its tests. */
export function useFixtureApp(engine: Engine): FixtureApp {
  const context = {} as FixtureApp;
  beforeAll(async () => {
    Object.assign(context, await openFixtureApp(engine));
  });
  afterAll(() => context.close());
  return context;
}

/** The field paths of the ValidationError a use case throws, sorted. */
export async function issuePaths(promise: Promise<unknown>): Promise<string[]> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  return (error as ValidationError).issues.map((issue) => issue.path).sort();
}

/** The ValidationError a use case throws as { path: code }. */
export async function issueCodes(promise: Promise<unknown>): Promise<Record<string, string>> {
  const error = await promise.catch((caught: unknown) => caught);
  expect(error).toBeInstanceOf(ValidationError);
  return Object.fromEntries((error as ValidationError).issues.map((issue) => [issue.path, issue.code]));
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openTestDatabase, testEngines, type TestDatabase } from '../../db/test-support.js';
import { ConflictError } from '../../shared/errors.js';
import { systemActor } from './actor.js';
import { createUser } from './create-user.js';
import { listUsers } from './list-users.js';

describe.each(testEngines())('creating users on %s', (engine) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await openTestDatabase(engine);
  });
  afterAll(() => database.close());

  it('gives exactly one of several simultaneous creations of a name, and a 409 to the rest', async () => {
    // On PostgreSQL these run on separate connections and can all pass the duplicate check
    // before any commits (as two instances creating the first admin do).
    const attempts = await Promise.allSettled(
      Array.from({ length: 4 }, () => createUser(database.db, systemActor, { username: 'Admin', password: 'same-password-1', role: 'admin' })),
    );
    expect(attempts.filter((attempt) => attempt.status === 'fulfilled')).toHaveLength(1);
    for (const attempt of attempts.filter((item) => item.status === 'rejected')) {
      expect((attempt as PromiseRejectedResult).reason).toBeInstanceOf(ConflictError);
    }
    expect((await listUsers(database.db)).filter((user) => user.username.toLowerCase() === 'admin')).toHaveLength(1);
  });
});

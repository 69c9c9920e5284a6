import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { adminQuery, serverUrl } from '../src/db/test-support.js';
import { createCustomer } from '../src/modules/customers/create-customer.js';
import { systemActor } from '../src/modules/users/actor.js';
import { createUser } from '../src/modules/users/create-user.js';
import { runWeixi } from './process-helpers.js';

/** `weixi backup` and `weixi restore` as an operator runs them: the real binary, exit codes, messages. */
describe('weixi backup / restore', () => {
  const dir = mkdtempSync(join(tmpdir(), 'weixi-backup-cli-'));
  const source = join(dir, 'source');
  const file = join(dir, 'company.weixi-backup');
  const databases: string[] = [];
  // Every run starts PGlite (a new data directory runs initdb): slow on a busy machine.
  const slow = 180_000;
  let sourceNames: string[] = [];

  async function run(args: string[]): Promise<{ code: number | null; output: string }> {
    const child = runWeixi(args);
    const code = await child.exited;
    return { code, output: child.output() };
  }

  async function customerNames(options: { dataDir?: string; databaseUrl?: string }): Promise<string[]> {
    const database = await openDatabase(options);
    try {
      return (await database.raw.query<{ name: string }>('SELECT name FROM customers')).map((row) => row.name).sort();
    } finally {
      await database.close();
    }
  }

  beforeAll(async () => {
    const database = await openDatabase({ dataDir: source });
    try {
      await migrate(database);
      await createUser(database.db, systemActor, { username: 'boss', password: 'boss-password', role: 'admin' });
      for (const name of ['张伟', '李娜', 'Zoë "Z", Ltd.']) await createCustomer(database.db, systemActor, { name });
    } finally {
      await database.close();
    }
    sourceNames = await customerNames({ dataDir: source });
  }, slow);
  afterAll(async () => {
    for (const name of databases) await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    rmSync(dir, { recursive: true, force: true });
  });

  it('backs up the embedded store, with progress per table', async () => {
    const result = await run(['backup', file, '--data-dir', source]);
    expect(result.code, result.output).toBe(0);
    expect(result.output).toMatch(/Backing up customers\s+3 \/ 3 rows/);
    expect(result.output).toMatch(/Backed up \d+ tables, [\d,]+ rows .* to .*company\.weixi-backup in [\d.]+ s/);
  }, slow);

  it('refuses to back up a data directory another process is using', async () => {
    const holder = await openDatabase({ dataDir: source });
    try {
      const result = await run(['backup', join(dir, 'locked.weixi-backup'), '--data-dir', source]);
      expect(result.code).toBe(2);
      expect(result.output).toMatch(/in use by another Weixi process/);
    } finally {
      await holder.close();
    }
  }, slow);

  it('restores into a new data directory, then refuses to overwrite it unless --force', async () => {
    const target = join(dir, 'restored');
    const first = await run(['restore', file, '--data-dir', target]);
    expect(first.code, first.output).toBe(0);
    expect(first.output).toMatch(/Restored \d+ tables, [\d,]+ rows .* into embedded PGlite/);
    expect(await customerNames({ dataDir: target })).toEqual(sourceNames);

    const again = await run(['restore', file, '--data-dir', target]);
    expect(again.code).toBe(2);
    expect(again.output).toMatch(/not empty.*--force/);

    const forced = await run(['restore', file, '--data-dir', target, '--force']);
    expect(forced.code, forced.output).toBe(0);
  }, slow);

  it('refuses a file that is not a backup', async () => {
    const notBackup = join(dir, 'customers.csv');
    writeFileSync(notBackup, 'name\n张伟\n');
    const result = await run(['restore', notBackup, '--data-dir', join(dir, 'never')]);
    expect(result.code).toBe(2);
    expect(result.output).toMatch(/is not a Weixi backup file/);
  }, slow);

  it.runIf(Boolean(process.env.TEST_DATABASE_URL))('moves the embedded store to PostgreSQL and back', async () => {
    const name = `weixi_backup_cli_${randomBytes(5).toString('hex')}`;
    databases.push(name);
    await adminQuery(`CREATE DATABASE ${name}`);
    const url = serverUrl(name);
    const restored = await run(['restore', file, '--database-url', url]);
    expect(restored.code, restored.output).toBe(0);
    expect(restored.output).toMatch(/into PostgreSQL/);
    expect(await customerNames({ databaseUrl: url })).toEqual(sourceNames);

    const back = join(dir, 'from-postgres.weixi-backup');
    expect((await run(['backup', back, '--database-url', url])).code).toBe(0);
    const target = join(dir, 'back-again');
    expect((await run(['restore', back, '--data-dir', target])).code).toBe(0);
    expect(await customerNames({ dataDir: target })).toEqual(sourceNames);
  }, slow);
});

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from './connect.js';

/**
 * Test databases on both engines. The global setup migrates one template per engine;
 * each test file clones it (PGlite: load a dumped data dir; PostgreSQL: CREATE DATABASE
 * … TEMPLATE), which is much faster than migrating per test.
 */
export const TEMPLATE_DIR = join(process.cwd(), '.weixi-test');

/** The PGlite template of this test run (named by the global setup, like the PostgreSQL one). */
export function pgliteTemplatePath(): string {
  const path = process.env.WEIXI_TEST_PGLITE_TEMPLATE;
  if (!path || !existsSync(path)) throw new Error('Test template missing: run tests through vitest (global setup).');
  return path;
}
/**
 * One template database per test run (named by the global setup), so two people or two
 * CI jobs running the suite against one server do not drop each other's template.
 */
export function pgTemplateDb(): string {
  const name = process.env.WEIXI_TEST_TEMPLATE_DB;
  if (!name) throw new Error('No test template database: run tests through vitest (global setup).');
  return name;
}

export function testEngines(): Engine[] {
  return process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];
}

export function serverUrl(databaseName: string): string {
  const url = new URL(process.env.TEST_DATABASE_URL!);
  url.pathname = `/${databaseName}`;
  return url.toString();
}

export async function adminQuery(text: string): Promise<void> {
  const client = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    await client.query(text);
  } finally {
    await client.end();
  }
}

export type TestDatabase = Database & { name: string; url?: string };

/**
 * A fresh, migrated, empty database; close() also drops it. `blank`: never migrated, like
 * a new data directory or a new CREATE DATABASE.
 */
export async function openTestDatabase(engine: Engine, options: { blank?: boolean } = {}): Promise<TestDatabase> {
  if (engine === 'pglite' && options.blank) return { ...(await openDatabase({ dataDir: 'memory://' })), name: 'pglite-blank' };
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://', loadDataDir: new Blob([readFileSync(pgliteTemplatePath())]) });
    return { ...database, name: 'pglite' };
  }
  const name = `weixi_test_${randomBytes(6).toString('hex')}`;
  await adminQuery(options.blank ? `CREATE DATABASE ${name}` : `CREATE DATABASE ${name} TEMPLATE ${pgTemplateDb()}`);
  const url = serverUrl(name);
  const database = await openDatabase({ databaseUrl: url, poolSize: 5 });
  return {
    ...database,
    name,
    url,
    async close() {
      await database.close();
      await adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

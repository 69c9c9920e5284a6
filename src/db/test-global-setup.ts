import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { openDatabase } from './connect.js';
import { migrate } from './migrate.js';
import { randomBytes } from 'node:crypto';
import { adminQuery, serverUrl, TEMPLATE_DIR } from './test-support.js';

/**
 * Vitest global setup: one migrated template per engine, cloned by each test file. Both are
 * named per run, so two runs in one checkout never read each other's half-written template.
 */
export default async function setup(): Promise<() => Promise<void>> {
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const runId = randomBytes(4).toString('hex');
  const pgliteTemplate = join(TEMPLATE_DIR, `pglite-template-${runId}.tar.gz`);
  process.env.WEIXI_TEST_PGLITE_TEMPLATE = pgliteTemplate;
  const pglite = await openDatabase({ dataDir: 'memory://' });
  await migrate(pglite);
  const dump = await pglite.pglite!.dumpDataDir('gzip');
  writeFileSync(pgliteTemplate, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  const templateDb = `weixi_test_template_${runId}`;
  if (process.env.TEST_DATABASE_URL) {
    // Test workers start after this and inherit the environment.
    process.env.WEIXI_TEST_TEMPLATE_DB = templateDb;
    await adminQuery(`CREATE DATABASE ${templateDb}`);
    const postgres = await openDatabase({ databaseUrl: serverUrl(templateDb), poolSize: 1 });
    await migrate(postgres);
    await postgres.close();
  }
  return async () => {
    rmSync(pgliteTemplate, { force: true });
    if (process.env.TEST_DATABASE_URL) await adminQuery(`DROP DATABASE IF EXISTS ${templateDb} WITH (FORCE)`);
  };
}

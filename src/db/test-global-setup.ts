import { mkdirSync, writeFileSync } from 'node:fs';
import { openDatabase } from './connect.js';
import { migrate } from './migrate.js';
import { adminQuery, PG_TEMPLATE_DB, PGLITE_TEMPLATE, serverUrl, TEMPLATE_DIR } from './test-support.js';

/** Vitest global setup: one migrated template per engine, cloned by each test file. */
export default async function setup(): Promise<() => Promise<void>> {
  mkdirSync(TEMPLATE_DIR, { recursive: true });
  const pglite = await openDatabase({ dataDir: 'memory://' });
  await migrate(pglite);
  const dump = await pglite.pglite!.dumpDataDir('gzip');
  writeFileSync(PGLITE_TEMPLATE, Buffer.from(await dump.arrayBuffer()));
  await pglite.close();

  if (process.env.TEST_DATABASE_URL) {
    await adminQuery(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
    await adminQuery(`CREATE DATABASE ${PG_TEMPLATE_DB}`);
    const postgres = await openDatabase({ databaseUrl: serverUrl(PG_TEMPLATE_DB), poolSize: 1 });
    await migrate(postgres);
    await postgres.close();
  }
  return async () => {
    if (process.env.TEST_DATABASE_URL) await adminQuery(`DROP DATABASE IF EXISTS ${PG_TEMPLATE_DB} WITH (FORCE)`);
  };
}

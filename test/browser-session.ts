import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import type { StoreOptions } from '../src/cli/config.js';
import { openDatabase, type Engine } from '../src/db/connect.js';
import { adminQuery, pgliteTemplatePath, pgTemplateDb, serverUrl } from '../src/db/test-support.js';

/**
 * A store for a browser test's server, cloned from the run's migrated template: a PGlite
 * data dir, or a PostgreSQL database the server opens itself (so no second pool holds it
 * when it is dropped). drop() removes the PostgreSQL database; the caller removes dataDir.
 */
export async function openBrowserStore(engine: Engine, dataDir: string): Promise<{ store: StoreOptions; drop: () => Promise<void> }> {
  if (engine === 'pglite') {
    const seeded = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(pgliteTemplatePath())]) });
    await seeded.close();
    return { store: { dataDir }, drop: async () => undefined };
  }
  const name = `weixi_browser_${randomBytes(6).toString('hex')}`;
  await adminQuery(`CREATE DATABASE ${name} TEMPLATE ${pgTemplateDb()}`);
  return { store: { databaseUrl: serverUrl(name) }, drop: () => adminQuery(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`) };
}

/** A signed-in Chinese page on the login form's happy path. */
export async function signIn(browser: Browser, baseUrl: string, username: string, password: string, viewport = { width: 1280, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ locale: 'zh-CN', viewport, acceptDownloads: true });
  await page.goto(`${baseUrl}/login`);
  await page.locator('#username').fill(username);
  await page.locator('#password').fill(password);
  await page.locator('button[type=submit]').click();
  await page.waitForURL(/\/customers/);
  return page;
}

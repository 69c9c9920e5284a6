import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/cli/config.js';
import { loadDemo } from '../src/modules/demo/load-demo.js';
import { systemActor } from '../src/modules/users/actor.js';
import { createUser } from '../src/modules/users/create-user.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { launchChromium } from './chromium.js';
import { freePort } from './process-helpers.js';

/**
 * A salesperson's first minute, in a real Chromium: sign in, find a demo customer by
 * Chinese name, add a note, see it on the timeline. Needs Debian's chromium and
 * fonts-noto-cjk (.ci/run installs them).
 */
const PASSWORD = 'browser-admin-1';

describe('web UI in Chromium', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-browser-'));
  let server: RunningServer;
  let browser: Browser;
  let customerName: string;

  beforeAll(async () => {
    const database = await openStore({ dataDir });
    await loadDemo(database, { size: 300, seed: 11 });
    await createUser(database.db, systemActor, { username: 'admin', password: PASSWORD, role: 'admin' });
    // A customer whose full name appears once, so the search has one right answer.
    const rows = await database.raw.query<{ name: string }>(
      "SELECT name FROM customers WHERE name ~ '^[一-龥]{2,3}$' GROUP BY name HAVING count(*) = 1 ORDER BY name LIMIT 1",
    );
    customerName = rows[0]!.name;
    await database.close();
    server = await startServer({ store: { dataDir }, port: await freePort(), host: '127.0.0.1', log: () => undefined });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('signs in, finds a customer by Chinese name, adds a note and sees it on the timeline', async () => {
    const page = await browser.newPage({ locale: 'zh-CN' });
    await page.goto(`${server.url.replace('localhost', '127.0.0.1')}/login`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/customers/);

    await page.getByTestId('customer-search').fill(customerName);
    await page.getByTestId('customer-search').press('Enter');
    const link = page.getByRole('link', { name: customerName, exact: true }).first();
    await link.waitFor();
    await link.click();
    await page.waitForURL(/\/customers\/[0-9a-f-]{36}/);

    const note = `回访：${customerName}对新品很满意，下周寄样品 #${Date.now()}`;
    await page.getByTestId('note-input').fill(note);
    await page.getByTestId('note-submit').click();
    await expect.poll(() => page.getByTestId('timeline').innerText(), { timeout: 15_000 }).toContain(note);

    // Not only on screen: stored, and still there after a reload.
    await page.reload();
    await expect.poll(() => page.getByTestId('timeline').innerText(), { timeout: 15_000 }).toContain(note);
    const stored = await server.database.db.execute(sql`SELECT count(*)::int AS n FROM interactions WHERE body_text = ${note}`);
    expect((stored as unknown as { rows: { n: number }[] }).rows[0]!.n).toBe(1);
  });
});

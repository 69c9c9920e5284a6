import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/cli/config.js';
import { testEngines } from '../src/db/test-support.js';
import { getScoringSettings } from '../src/modules/analytics/scoring/scoring-settings.js';
import { systemActor } from '../src/modules/users/actor.js';
import { createUser } from '../src/modules/users/create-user.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { openBrowserStore, signIn } from './browser-session.js';
import { launchChromium } from './chromium.js';
import { freePort } from './process-helpers.js';

/**
 * 分析设置 in a real Chromium against the real server: reached from the 分析 menu, a threshold
 * changed on the page is saved (the analysis run reads it), and a risk level the server
 * refuses shows its reason next to the field and saves nothing.
 */
const PASSWORD = 'browser-admin-1';

describe.each(testEngines())('analysis settings page in Chromium on %s', (engine) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-browser-settings-'));
  let drop: () => Promise<void> = async () => undefined;
  let server: RunningServer;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const opened = await openBrowserStore(engine, dataDir);
    drop = opened.drop;
    const database = await openStore(opened.store);
    await createUser(database.db, systemActor, { username: 'admin', password: PASSWORD, role: 'admin' });
    await database.close();
    server = await startServer({ store: opened.store, port: await freePort(), host: '127.0.0.1', log: () => undefined });
    baseUrl = server.url.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await drop();
  });

  it('changes a threshold through the page and shows the server’s reason next to a refused one', async () => {
    const page = await signIn(browser, baseUrl, 'admin', PASSWORD);
    page.setDefaultTimeout(20_000);
    await page.getByRole('menuitem', { name: /分析$/ }).click();
    await page.getByRole('menuitem', { name: '分析设置' }).click();
    await page.waitForURL(/\/analytics\/settings$/);
    const threshold = page.locator('#scoring_pAliveThreshold');
    await expect.poll(() => threshold.inputValue()).toBe('0.30');

    await threshold.fill('0.45');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(async () => (await getScoringSettings(server.database.db)).pAliveThreshold).toBe(0.45);
    await page.getByText('已保存，下一次分析运行时生效').waitFor();

    // mediumRisk at the high-risk threshold: the server's reason under the field, nothing saved.
    await page.locator('#scoring_mediumRisk').fill('0.7');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const item = page.locator('.ant-form-item').filter({ has: page.locator('#scoring_mediumRisk') });
    await expect.poll(() => item.locator('.ant-form-item-explain-error').textContent()).toBe('必须小于高风险阈值（0.7）');
    expect(await getScoringSettings(server.database.db)).toMatchObject({ pAliveThreshold: 0.45, mediumRisk: 0.4, highRisk: 0.7 });
    await page.close();
  });
});

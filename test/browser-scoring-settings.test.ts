import { describe, expect, it } from 'vitest';
import { testEngines } from '../src/db/test-support.js';
import { getScoringSettings } from '../src/modules/analytics/scoring/scoring-settings.js';
import { useBrowserApp } from './browser-app.js';
import { signIn } from './browser-session.js';

/**
 * 分析设置 in a real Chromium against the real server: reached from the 分析 menu, a threshold
 * changed on the page is saved (the analysis run reads it), and a risk level the server
 * refuses shows its reason next to the field and saves nothing.
 */
const PASSWORD = 'browser-admin-1';

describe.each(testEngines())('analysis settings page in Chromium on %s', (engine) => {
  const t = useBrowserApp(engine, PASSWORD);

  it('changes a threshold through the page and shows the server’s reason next to a refused one', async () => {
    const page = await signIn(t.browser, t.baseUrl, 'admin', PASSWORD);
    page.setDefaultTimeout(20_000);
    await page.getByRole('menuitem', { name: /分析$/ }).click();
    await page.getByRole('menuitem', { name: '分析设置' }).click();
    await page.waitForURL(/\/analytics\/settings$/);
    const threshold = page.locator('#scoring_pAliveThreshold');
    await expect.poll(() => threshold.inputValue()).toBe('0.30');

    await threshold.fill('0.45');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    await expect.poll(async () => (await getScoringSettings(t.server.database.db)).pAliveThreshold).toBe(0.45);
    await page.getByText('已保存，下一次分析运行时生效').waitFor();

    // mediumRisk at the high-risk threshold: the server's reason under the field, nothing saved.
    await page.locator('#scoring_mediumRisk').fill('0.7');
    await page.getByRole('button', { name: /保\s*存/ }).click();
    const item = page.locator('.ant-form-item').filter({ has: page.locator('#scoring_mediumRisk') });
    await expect.poll(() => item.locator('.ant-form-item-explain-error').textContent()).toBe('必须小于高风险阈值（0.7）');
    expect(await getScoringSettings(t.server.database.db)).toMatchObject({ pAliveThreshold: 0.45, mediumRisk: 0.4, highRisk: 0.7 });
    await page.close();
  });
});

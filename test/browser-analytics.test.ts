import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/cli/config.js';
import { testEngines } from '../src/db/test-support.js';
import { loadDemo } from '../src/modules/demo/load-demo.js';
import { registeredSchedule } from '../src/modules/scheduler/registered-tasks.js';
import { startScheduler, type Scheduler } from '../src/modules/scheduler/scheduler.js';
import { systemActor } from '../src/modules/users/actor.js';
import { createUser } from '../src/modules/users/create-user.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { openBrowserStore, signIn as signInAs } from './browser-session.js';
import { launchChromium } from './chromium.js';
import { freePort } from './process-helpers.js';

/**
 * The analytics pages in a real Chromium against the real server on demo data, on each
 * engine: the charts are drawn (SVG with their Chinese or English labels) and the figures
 * on screen are the API's; an analysis run started from the page fills the CLV and churn
 * pages and the customer page's scores; an RFM segment links to exactly its customers.
 */
const PASSWORD = 'browser-admin-1';

type Json = Record<string, unknown>;
type Segment = { key: string; label: { 'zh-CN': string; 'en-US': string }; customers: number };

// The page's number formats, restated so a change in either shows up here.
const pct = (v: number, digits = 1) => `${(v * 100).toFixed(digits)}%`;
const yuan = (v: string) => `¥${Math.round(Number(v)).toLocaleString('en-US')}`;

describe.each(testEngines())('analytics UI in Chromium on %s', (engine) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-browser-analytics-'));
  let drop: () => Promise<void> = async () => undefined;
  let server: RunningServer;
  let scheduler: Scheduler;
  let browser: Browser;
  let baseUrl: string;

  beforeAll(async () => {
    const opened = await openBrowserStore(engine, dataDir);
    const store = opened.store;
    drop = opened.drop;
    const database = await openStore(store);
    await loadDemo(database, { size: 300, seed: 11 });
    await createUser(database.db, systemActor, { username: 'admin', password: PASSWORD, role: 'admin' });
    await database.close();
    server = await startServer({ store, port: await freePort(), host: '127.0.0.1', log: () => undefined });
    // The analysis worker only, not the daily task: the first run must be the one the page starts.
    scheduler = startScheduler({ db: server.database.db, tasks: [], workers: registeredSchedule(server.database).workers, intervalMs: 300, log: () => undefined });
    baseUrl = server.url.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await scheduler?.stop();
    await server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await drop();
  });

  async function signIn(viewport = { width: 1280, height: 900 }): Promise<Page> {
    const page = await signInAs(browser, baseUrl, 'admin', PASSWORD, viewport);
    page.setDefaultTimeout(20_000);
    return page;
  }

  async function apiGet<T = Json>(page: Page, path: string, locale = 'zh-CN'): Promise<{ status: number; body: T }> {
    const response = await page.request.get(`${baseUrl}/api/v1${path}`, { headers: { 'Accept-Language': locale } });
    return { status: response.status(), body: (await response.json()) as T };
  }

  /** The chart's SVG is drawn (ECharts renders paths) and holds this text. */
  async function expectChart(page: Page, testId: string, text?: string) {
    const chart = page.getByTestId(testId);
    await expect.poll(() => chart.locator('svg path').count(), { timeout: 20_000 }).toBeGreaterThan(2);
    if (text) await expect.poll(() => chart.locator('svg').textContent(), { timeout: 20_000 }).toContain(text);
  }

  it('value overview: Lorenz and whale curves drawn, Gini, top-20% shares and tiers as the API says', async () => {
    const page = await signIn();
    await page.getByRole('menuitem', { name: '分析' }).click();
    await page.getByRole('menuitem', { name: '价值概览' }).click();
    await page.waitForURL(/\/analytics\/value$/);
    const { body } = await apiGet<{ buyers: number; gini: number; top20RevenueShare: number; top20ProfitShare: number; destroyed: string; tiers: { tier: string; customers: number }[] }>(page, '/analytics/concentration');
    expect(body.buyers).toBeGreaterThan(50);

    await expectChart(page, 'chart-lorenz', '客户（按收入从低到高）');
    await expectChart(page, 'chart-whale', '客户（按利润从高到低）');
    await expect.poll(() => page.getByTestId('stat-gini').innerText()).toBe(body.gini.toFixed(3));
    expect(await page.getByTestId('stat-buyers').innerText()).toBe(body.buyers.toLocaleString('en-US'));
    expect(await page.getByTestId('stat-top20-revenue').innerText()).toBe(pct(body.top20RevenueShare));
    expect(await page.getByTestId('stat-top20-profit').innerText()).toBe(pct(body.top20ProfitShare));
    expect(await page.getByTestId('stat-destroyed').innerText()).toBe(yuan(body.destroyed));
    const tiers = page.getByTestId('tiers-table');
    for (const [i, tier] of body.tiers.entries()) {
      const row = tiers.locator('tbody tr.ant-table-row').nth(i);
      expect(await row.locator('td').nth(1).innerText()).toBe(String(tier.customers));
    }
    expect(await tiers.innerText()).toContain('前 20%');

    // A date before any order: a friendly empty state, not an error.
    await page.goto(`${baseUrl}/analytics/value?asOf=2000-01-01`);
    await expect.poll(() => page.getByTestId('analysis-empty').innerText()).toContain('还没有订单数据');
    await page.close();
  });

  it('RFM heat map and segment counts, cohort heat map and table, as the API says', async () => {
    const page = await signIn();
    await page.goto(`${baseUrl}/analytics/rfm`);
    const rfm = (await apiGet<{ segments: Segment[]; heatmap: { r: number; f: number; customers: number }[] }>(page, '/analytics/rfm')).body;
    const busiest = [...rfm.heatmap].sort((a, b) => b.customers - a.customers)[0]!;
    await expectChart(page, 'chart-rfm-heatmap', String(busiest.customers));
    await expectChart(page, 'chart-rfm-segments', rfm.segments[0]!.label['zh-CN']);
    for (const segment of rfm.segments) {
      expect(await page.getByTestId(`rfm-count-${segment.key}`).innerText()).toBe(String(segment.customers));
    }

    await page.goto(`${baseUrl}/analytics/cohorts`);
    const cohorts = (await apiGet<{ cohorts: { month: string; size: number }[] }>(page, '/analytics/cohorts')).body.cohorts;
    expect(cohorts.length).toBeGreaterThan(3);
    await expectChart(page, 'chart-cohorts', cohorts[0]!.month);
    const firstRow = page.getByTestId('cohort-table').locator('tbody tr.ant-table-row').first();
    await expect.poll(() => firstRow.locator('td').nth(0).innerText()).toBe(cohorts[0]!.month);
    expect(await firstRow.locator('td').nth(1).innerText()).toBe(String(cohorts[0]!.size));
    await page.close();
  });

  it('runs the analysis from the CLV page, then shows fits, CLV charts, the churn list and a customer\'s scores', async () => {
    const page = await signIn();
    await page.goto(`${baseUrl}/analytics/clv`);
    await expect.poll(() => page.getByTestId('analysis-empty').innerText()).toContain('还没有运行过分析');
    await page.getByTestId('run-now').click();
    await expect.poll(() => page.getByTestId('run-status').innerText(), { timeout: 60_000 }).toBe('已完成');

    const clv = (await apiGet<{ runId: string; totalClv: string; fits: { bgNbd: { status: string } }; distribution: unknown[] }>(page, '/analytics/clv')).body;
    expect(clv.runId).not.toBeNull();
    await expect.poll(() => page.getByTestId('stat-total-clv').innerText()).toBe(yuan(clv.totalClv));
    expect(await page.getByTestId('fit-table').innerText()).toContain('BG/NBD');
    await expect.poll(() => page.getByTestId(`fit-status-${clv.fits.bgNbd.status}`).count()).toBeGreaterThan(0);
    await expectChart(page, 'chart-clv-distribution');
    await expectChart(page, 'chart-clv-calibration', '历史重复购买次数');
    await expectChart(page, 'chart-clv-frequency', '历史重复购买次数');

    // Churn early warning: the ranked list and the filter by level.
    await page.goto(`${baseUrl}/analytics/churn`);
    const risk = (await apiGet<{ total: number; items: { customerId: string; name: string; reasons: { label: string }[] }[] }>(page, '/analytics/churn-risk?limit=20')).body;
    expect(risk.total).toBeGreaterThan(0);
    await expect.poll(() => page.getByTestId('churn-total').innerText()).toBe(`共 ${risk.total} 位`);
    await expect.poll(() => page.getByTestId('risk-customer-link').first().innerText()).toBe(risk.items[0]!.name);
    const firstReasons = await page.getByTestId('risk-table').locator('tbody tr.ant-table-row').first().innerText();
    for (const reason of risk.items[0]!.reasons) expect(firstReasons).toContain(reason.label);
    const high = (await apiGet<{ total: number }>(page, '/analytics/churn-risk?level=high')).body.total;
    await page.getByTestId('churn-level').click();
    await page.locator('.ant-select-item-option', { hasText: /^高$/ }).click();
    await page.keyboard.press('Escape');
    await expect.poll(() => page.getByTestId('churn-total').innerText()).toBe(`共 ${high} 位`);
    await expectChart(page, 'chart-churn-report');

    // A second run a week earlier gives the customer a risk history of two points.
    const weekAgo = new Date(Date.now() - 7 * 86_400_000).toISOString().slice(0, 10);
    const second = await page.request.post(`${baseUrl}/api/v1/analytics/runs`, { data: { asOf: weekAgo } });
    expect(second.status()).toBe(202);
    const secondId = ((await second.json()) as { id: string }).id;
    await expect.poll(async () => (await apiGet<{ status: string }>(page, `/analytics/runs/${secondId}`)).body.status, { timeout: 60_000 }).toBe('done');

    // The customer page: the run's scores and the purchase summary.
    const customerId = risk.items[0]!.customerId;
    const history = (await apiGet<{ items: unknown[] }>(page, `/customers/${customerId}/risk-history`)).body.items;
    expect(history).toHaveLength(2);
    const scores = (await apiGet<{ rfm: { label: string } }>(page, `/customers/${customerId}/scores`)).body;
    const summary = (await apiGet<{ orders: number }>(page, `/customers/${customerId}/summary`)).body;
    await page.getByTestId('risk-customer-link').first().click();
    await page.waitForURL(new RegExp(`/customers/${customerId}$`));
    const card = page.getByTestId('customer-scores');
    await expect.poll(() => card.getByTestId('scores-segment').innerText()).toBe(scores.rfm.label);
    await expect.poll(() => card.getByTestId('summary-orders').innerText()).toBe(String(summary.orders));
    expect(await card.getByTestId('risk-level').first().innerText()).toMatch(/^(高|中|低) \d+$/);
    expect(await card.getByTestId('risk-sparkline').getAttribute('data-points')).toBe('2');

    // A customer who never bought: the card says so instead of failing.
    const [never] = await server.database.raw.query<{ id: string }>('SELECT id FROM customers c WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.customer_id = c.id) LIMIT 1');
    await page.goto(`${baseUrl}/customers/${never!.id}`);
    await expect.poll(() => page.getByTestId('scores-empty').innerText()).toContain('尚未评分');
    await expect.poll(() => page.getByTestId('summary-empty').innerText()).toBe('还没有购买记录');
    await page.close();
  });

  it('C3 matrix and manager KPIs: counts, the latest period and unavailable KPIs as the API says', async () => {
    const page = await signIn();
    await page.goto(`${baseUrl}/analytics/c3`);
    const c3 = await apiGet<{ buyers: number; segments: { code: string; customers: number }[] }>(page, '/analytics/c3');
    expect(c3.status).toBe(200);
    expect(c3.body.segments).toHaveLength(8);
    for (const segment of c3.body.segments) {
      await expect.poll(() => page.getByTestId(`c3-${segment.code}`).getByTestId('c3-count').innerText()).toBe(segment.customers.toLocaleString('en-US'));
    }

    await page.goto(`${baseUrl}/analytics/kpis`);
    const kpis = await apiGet<{ rows: { period: string; activeCustomers: number; renewalRate: number | null }[]; unavailable: { field: string; reason: string }[] }>(page, '/analytics/kpis?by=company&period=month');
    expect(kpis.status).toBe(200);
    await expectChart(page, 'chart-kpis');
    const latest = [...kpis.body.rows].sort((a, b) => b.period.localeCompare(a.period))[0]!;
    const row = page.getByTestId('kpi-table').locator('tbody tr.ant-table-row').first();
    await expect.poll(() => row.locator('td').nth(1).innerText()).toBe(latest.period);
    expect(await row.locator('td').nth(2).innerText()).toBe(latest.activeCustomers.toLocaleString('en-US'));
    // A KPI the data cannot give: "—", and its reason on hover.
    const renewal = kpis.body.unavailable.find((u) => u.field === 'renewalRate');
    if (latest.renewalRate === null && renewal) {
      // Columns: group, period, active, new, churned, retention, revenue, margin, top 20%, complaints, renewal …
      await row.locator('td').nth(10).getByTestId('kpi-unavailable').hover();
      await expect.poll(() => page.locator('.ant-tooltip').last().innerText()).toContain(renewal.reason);
    }
    await page.close();
  });

  it('in English, an RFM segment and a value tier link to exactly their customers in the list', async () => {
    const page = await signIn();
    // Switched on a page already showing server labels: they follow the language at once.
    await page.goto(`${baseUrl}/analytics/churn`);
    await page.getByTestId('risk-customer-link').first().waitFor();
    await page.getByText('English', { exact: true }).click();
    const english = (await apiGet<{ items: { reasons: { label: string }[] }[] }>(page, '/analytics/churn-risk?limit=1', 'en-US')).body.items[0]!;
    const firstRow = page.getByTestId('risk-table').locator('tbody tr.ant-table-row').first();
    for (const reason of english.reasons) await expect.poll(() => firstRow.innerText()).toContain(reason.label);

    await page.getByRole('menuitem', { name: 'RFM segments' }).click();
    await page.waitForURL(/\/analytics\/rfm$/);
    const rfm = (await apiGet<{ segments: Segment[] }>(page, '/analytics/rfm', 'en-US')).body;
    const segment = rfm.segments.find((s) => s.customers > 0 && s.key !== 'important_value') ?? rfm.segments[0]!;
    const link = page.getByTestId(`rfm-link-${segment.key}`);
    await expect.poll(() => link.innerText()).toBe(segment.label['en-US']);
    await expectChart(page, 'chart-rfm-heatmap', 'R recency (5 = most recent)');
    expect(await page.getByRole('menuitem', { name: 'Analytics' }).count()).toBe(1);

    await link.click();
    await page.waitForURL(new RegExp(`/customers\\?rfmSegment=${segment.key}$`));
    // The list filters on the latest run's scores, the heat map computes RFM live: same day, same count.
    const listed = (await apiGet<{ total: number }>(page, `/customers?rfmSegment=${segment.key}&limit=1`)).body.total;
    expect(listed).toBe(segment.customers);
    await expect.poll(() => page.getByTestId('customer-total').innerText()).toBe(`${listed} customers`);

    // A value tier links the same way: the run's tiers are the 80/20 page's.
    await page.goto(`${baseUrl}/analytics/value`);
    const top = (await apiGet<{ tiers: { tier: string; customers: number }[] }>(page, '/analytics/concentration')).body.tiers.find((x) => x.tier === 'top')!;
    await page.getByTestId('tier-link-top').click();
    await page.waitForURL(/\/customers\?valueTier=top$/);
    await expect.poll(() => page.getByTestId('customer-total').innerText()).toBe(`${top.customers} customers`);
    await page.close();
  });

  it('on a phone the value page fits the screen and draws its charts', async () => {
    const page = await signIn({ width: 390, height: 844 });
    await page.goto(`${baseUrl}/analytics/value`);
    await expectChart(page, 'chart-lorenz');
    await expectChart(page, 'chart-whale');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    expect(overflow).toBeLessThanOrEqual(1);
    await page.close();
  });
});

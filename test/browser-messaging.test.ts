import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../src/cli/config.js';
import { openDatabase } from '../src/db/connect.js';
import { pgliteTemplatePath } from '../src/db/test-support.js';
import { loadDemo } from '../src/modules/demo/load-demo.js';
import { notifyUser } from '../src/modules/messaging/notifications.js';
import { startOutboxWorker, type OutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { startSmtpPeer, type SmtpPeer } from '../src/modules/messaging/test-peers.js';
import { systemActor } from '../src/modules/users/actor.js';
import { createUser } from '../src/modules/users/create-user.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { launchChromium } from './chromium.js';
import { freePort } from './process-helpers.js';

/**
 * The messaging UI in a real Chromium against the real server, outbox worker and a local
 * SMTP peer: a hand send from the customer list (preview count, an exclusion, the batch in
 * the delivery log, the mail at the peer) and the bell showing a staff notification.
 */
const PASSWORD = 'browser-admin-1';
const TEMPLATE = '春节问候';

type Person = { id: string; name: string };

describe('messaging UI in Chromium', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-browser-msg-'));
  let server: RunningServer;
  let worker: OutboxWorker;
  let smtp: SmtpPeer;
  let browser: Browser;
  let adminId: string;
  let withEmail: Person;
  let withoutEmail: Person;
  let baseUrl: string;

  beforeAll(async () => {
    // Start from the run's migrated template rather than migrating a fresh data dir.
    const seeded = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(pgliteTemplatePath())]) });
    await seeded.close();
    const database = await openStore({ dataDir });
    await loadDemo(database, { size: 60, seed: 7 });
    adminId = (await createUser(database.db, systemActor, { username: 'admin', password: PASSWORD, role: 'admin' })).id;
    // Two customers with distinct names, one with an e-mail address and one without, made
    // the most recently updated so they head the list's first page.
    const pick = async (hasEmail: boolean) =>
      (
        await database.raw.query<Person>(
          `SELECT id, name FROM customers WHERE (jsonb_array_length(emails) > 0) = $1
             AND name IN (SELECT name FROM customers GROUP BY name HAVING count(*) = 1) ORDER BY name LIMIT 1`,
          [hasEmail],
        )
      )[0]!;
    withEmail = await pick(true);
    withoutEmail = await pick(false);
    await database.raw.query(`UPDATE customers SET updated_at = now() + interval '1 minute' WHERE id = ANY($1::uuid[])`, [[withEmail.id, withoutEmail.id]]);
    await database.close();

    smtp = await startSmtpPeer();
    server = await startServer({ store: { dataDir }, port: await freePort(), host: '127.0.0.1', log: () => undefined });
    worker = startOutboxWorker({ db: server.database.db, idleMs: 200 });
    baseUrl = server.url.replace('localhost', '127.0.0.1');
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await worker?.stop();
    await server?.close();
    await smtp?.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function signIn(): Promise<Page> {
    const page = await browser.newPage({ locale: 'zh-CN', viewport: { width: 1280, height: 900 } });
    await page.goto(`${baseUrl}/login`);
    await page.locator('#username').fill('admin');
    await page.locator('#password').fill(PASSWORD);
    await page.locator('button[type=submit]').click();
    await page.waitForURL(/\/customers/);
    return page;
  }

  it('sends by hand from the customer list: preview count, an exclusion, the batch in the delivery log', async () => {
    const page = await signIn();
    // Channel and template through the same API the settings and template pages use.
    const api = `${baseUrl}/api/v1`;
    const channel = await page.request.put(`${api}/messaging/channels/email`, {
      data: { host: '127.0.0.1', port: smtp.port, from: '维系 <care@example.com>', publicUrl: baseUrl },
    });
    expect(channel.status()).toBe(200);
    const template = await page.request.post(`${api}/messaging/templates`, {
      data: { name: TEMPLATE, channel: 'email', subject: '{{name}}，新春快乐', bodyText: '{{name}}您好，祝您{{holiday}}快乐！' },
    });
    expect(template.status()).toBe(201);

    for (const person of [withEmail, withoutEmail]) {
      await page.locator('tr', { has: page.getByRole('link', { name: person.name, exact: true }) }).locator('input[type=checkbox]').check();
    }
    await page.getByTestId('send-message').click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('邮件', { exact: true }).click();
    await dialog.getByTestId('send-template').click();
    await page.locator('.ant-select-item-option', { hasText: TEMPLATE }).click();
    await dialog.getByPlaceholder('如 春节').fill('春节');

    // The server's preview: one of two gets it; the other has no e-mail address.
    await expect.poll(() => dialog.getByTestId('send-count').innerText(), { timeout: 10_000 }).toContain('将发给 1 位（已选 2 位）');
    await expect.poll(() => dialog.getByTestId('excluded-no_address').innerText()).toContain(withoutEmail.name);
    await expect.poll(() => dialog.getByTestId('send-sample').innerText()).toContain(`${withEmail.name}您好，祝您春节快乐！`);

    await dialog.getByTestId('send-submit').click();
    await dialog.getByTestId('batch-link').click();
    await page.waitForURL(/\/messaging\/batches\/[0-9a-f-]{36}$/);
    await expect.poll(() => page.getByTestId('batch-name').innerText()).toContain(TEMPLATE);
    // The outbox delivers it to the SMTP peer, and the log shows it sent.
    await expect.poll(() => smtp.received.length, { timeout: 15_000 }).toBe(1);
    expect(smtp.received[0]!.subject).toBe(`${withEmail.name}，新春快乐`);
    await expect.poll(() => page.getByTestId('messages-table').innerText(), { timeout: 15_000 }).toContain('已发送');

    await page.getByRole('link', { name: '发送记录' }).first().click();
    await page.waitForURL(/\/messaging\/batches$/);
    await expect.poll(() => page.getByTestId('batch-row-link').first().innerText()).toContain(TEMPLATE);
    await page.close();
  });

  it('shows a staff notification in the bell; clicking it marks it read and opens the customer', async () => {
    const page = await signIn();
    const title = `提醒：回访${withEmail.name}`;
    await server.database.db.transaction((tx) =>
      notifyUser(tx, { userId: adminId, title, body: '三个月未下单', link: `/customers/${withEmail.id}`, idempotencyKey: `browser-test:${Date.now()}` }),
    );
    worker.wake();
    // Delivered by the outbox; the bell polls every 30 s and on focus, a reload asks at once.
    await expect
      .poll(async () => ((await (await page.request.get(`${baseUrl}/api/v1/notifications/unread-count`)).json()) as { unread: number }).unread, { timeout: 15_000, interval: 200 })
      .toBe(1);
    await page.reload();
    // A reload on a busy machine takes more than poll's default second.
    await expect.poll(() => page.getByTestId('notification-count').innerText(), { timeout: 15_000 }).toContain('1');

    await page.getByTestId('notification-bell').click();
    await page.getByTestId('notification-item').filter({ hasText: title }).click();
    await page.waitForURL(new RegExp(`/customers/${withEmail.id}$`));
    await expect.poll(async () => (await page.getByTestId('notification-count').innerText()).trim(), { timeout: 15_000 }).toBe('');
    const after = (await (await page.request.get(`${baseUrl}/api/v1/notifications/unread-count`)).json()) as { unread: number };
    expect(after.unread).toBe(0);
    await page.close();
  });
});

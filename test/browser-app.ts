import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { openStore } from '../src/cli/config.js';
import type { Engine } from '../src/db/connect.js';
import { systemActor } from '../src/modules/users/actor.js';
import { createUser } from '../src/modules/users/create-user.js';
import { startServer, type RunningServer } from '../src/server/start-server.js';
import { openBrowserStore } from './browser-session.js';
import { launchChromium } from './chromium.js';
import { freePort } from './process-helpers.js';

export type BrowserApp = { server: RunningServer; browser: Browser; baseUrl: string };

/**
 * For a describe block: the real server on a store cloned from the migrated template, with one
 * admin (`admin` / password), and Chromium; started before its tests and removed after them.
 * The setup browser-import.test.ts writes out by hand, for tests that need nothing more.
 */
export function useBrowserApp(engine: Engine, password: string): BrowserApp {
  const context = {} as BrowserApp;
  const dataDir = mkdtempSync(join(tmpdir(), 'weixi-browser-'));
  let drop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const opened = await openBrowserStore(engine, dataDir);
    drop = opened.drop;
    const database = await openStore(opened.store);
    await createUser(database.db, systemActor, { username: 'admin', password, role: 'admin' });
    await database.close();
    context.server = await startServer({ store: opened.store, port: await freePort(), host: '127.0.0.1', log: () => undefined });
    context.baseUrl = context.server.url.replace('localhost', '127.0.0.1');
    context.browser = await launchChromium();
  });

  afterAll(async () => {
    await context.browser?.close();
    await context.server?.close();
    rmSync(dataDir, { recursive: true, force: true });
    await drop();
  });
  return context;
}

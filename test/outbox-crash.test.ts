import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database, type Engine } from '../src/db/connect.js';
import { openTestDatabase, pgliteTemplatePath, testEngines, type TestDatabase } from '../src/db/test-support.js';
import { enqueueMessages, type NewMessage } from '../src/modules/messaging/enqueue-message.js';
import { startSmtpPeer } from '../src/modules/messaging/test-peers.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { systemActor } from '../src/modules/users/actor.js';
import { spawn } from 'node:child_process';
import { runWeixi, waitForOutput, type Child } from './process-helpers.js';

/** The lean worker entry (same command as `weixi outbox work`, half the start-up time). */
function runLeanWorker(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(process.cwd(), 'src/cli/message-worker-main.ts'), 'work', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { process: child, output: () => output, exited };
}

const MESSAGES = 10_000;
const BATCH = 100;
const KILLS = 3;

/**
 * kill -9 of the worker at random moments: nothing is lost, and a message arrives twice only
 * if the killed worker held it (claimed, result not yet written) — at most one batch a kill.
 */
describe.each(testEngines())('outbox worker killed with SIGKILL on %s', (engine: Engine) => {
  const children: Child[] = [];
  let dataDir: string | undefined;
  let pgDatabase: TestDatabase | undefined;
  afterAll(async () => {
    for (const child of children) child.process.kill('SIGKILL');
    await pgDatabase?.close();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  /** PGlite has one owner at a time: the test opens the data dir only before and after the workers. */
  async function withDb<T>(fn: (database: Database) => Promise<T>): Promise<T> {
    if (pgDatabase) return fn(pgDatabase);
    const database = await openDatabase({ dataDir });
    try {
      return await fn(database);
    } finally {
      await database.close();
    }
  }
  const store = () => (pgDatabase ? ['--database-url', pgDatabase.url!] : ['--data-dir', dataDir!]);

  it(`delivers all ${MESSAGES} messages across ${KILLS} kills, repeating only messages in flight`, async () => {
    const smtp = await startSmtpPeer();
    try {
      if (engine === 'postgres') pgDatabase = await openTestDatabase('postgres');
      else {
        dataDir = mkdtempSync(join(tmpdir(), 'weixi-outbox-crash-'));
        const seeded = await openDatabase({ dataDir, loadDataDir: new Blob([readFileSync(pgliteTemplatePath())]) });
        await seeded.close();
      }
      await withDb(async ({ db }) => {
        await updateChannelSettings(db, systemActor, 'email', { host: '127.0.0.1', port: smtp.port, from: 'care@weixi.test', publicUrl: 'http://localhost:3000', maxConnections: 10 });
        for (let start = 0; start < MESSAGES; start += 1_000) {
          const chunk: NewMessage[] = Array.from({ length: 1_000 }, (_, i) => ({
            idempotencyKey: `crash:${start + i}`, channel: 'email', recipient: `c${start + i}@example.com`, subject: `问候 ${start + i}`, bodyText: '您好',
          }));
          await db.transaction((tx) => enqueueMessages(tx, chunk));
        }
      });

      const flags = [...store(), '--batch-size', String(BATCH), '--concurrency', '20', '--lease-ms', '1500', '--idle-ms', '100'];
      const worker = (child: Child) => {
        children.push(child);
        return child;
      };
      for (let kill = 0; kill < KILLS; kill++) {
        const child = worker(runLeanWorker(flags));
        await waitForOutput(child, /outbox worker started/);
        // A random point in the middle of sending: after 300–1,500 more deliveries.
        const target = smtp.received.length + 300 + Math.floor(Math.random() * 1_200);
        while (smtp.received.length < target && child.process.exitCode === null) await new Promise((resolve) => setTimeout(resolve, 5));
        child.process.kill('SIGKILL');
        await child.exited;
      }
      // The last run is the real `weixi outbox work`, as an operator starts it.
      const last = worker(runWeixi(['outbox', 'work', ...flags, '--exit-when-done']));
      expect(await last.exited).toBe(0);

      // The SMTP peer accepts everything, so a message is claimed more than once only when a
      // killed worker held it (claimed, result not written): exactly the messages in flight at a kill.
      const heldAtKill = await withDb(async ({ db }) => ((await db.execute(sql`SELECT id, attempts FROM messages WHERE attempts > 1`)) as unknown as { rows: { id: string; attempts: number }[] }).rows);
      const inFlight = new Set(heldAtKill.map((row) => row.id));
      expect(inFlight.size).toBeLessThanOrEqual(KILLS * BATCH);
      expect(Math.max(1, ...heldAtKill.map((row) => row.attempts))).toBeLessThanOrEqual(1 + KILLS);

      const copies = new Map<string, number>();
      for (const mail of smtp.received) {
        const id = mail.headers.get('x-weixi-message-id')!;
        // Every copy carries the message's own id as its Message-ID, so a receiver can drop the second.
        expect(mail.messageId).toBe(`<${id}@weixi.test>`);
        copies.set(id, (copies.get(id) ?? 0) + 1);
      }
      const duplicated = [...copies].filter(([, count]) => count > 1).map(([id]) => id);
      console.log(`[${engine}] ${MESSAGES} messages, ${KILLS} kills: ${smtp.received.length} deliveries, ${duplicated.length} duplicates (held by a killed worker: ${inFlight.size})`);
      expect(copies.size).toBe(MESSAGES);
      expect(duplicated.every((id) => inFlight.has(id))).toBe(true);
      expect(Math.max(...copies.values())).toBeLessThanOrEqual(1 + KILLS);
      expect(duplicated.length).toBeLessThanOrEqual(KILLS * BATCH);
      const counts = await withDb(async ({ db }) => ((await db.execute(sql`SELECT status, count(*)::int AS n FROM messages GROUP BY status`)) as unknown as { rows: { status: string; n: number }[] }).rows);
      expect(counts).toEqual([{ status: 'sent', n: MESSAGES }]);
    } finally {
      await smtp.close();
    }
  }, 240_000);
});

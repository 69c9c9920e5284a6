import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { openTestDatabase, type TestDatabase } from '../src/db/test-support.js';
import { cancelMessages } from '../src/modules/messaging/cancel-message.js';
import { countMessages } from '../src/modules/messaging/count-messages.js';
import { enqueueMessages } from '../src/modules/messaging/enqueue-message.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { startWebhookPeer, type WebhookPeer } from '../src/modules/messaging/test-peers.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { systemActor } from '../src/modules/users/actor.js';
import { runWeixi, waitForOutput } from './process-helpers.js';

const MESSAGES = 3_000;

/**
 * Two app instances on one PostgreSQL: two pools in one process, and two `weixi outbox work`
 * processes, as two servers would run them.
 */
describe.skipIf(!process.env.TEST_DATABASE_URL)('two outbox workers on one PostgreSQL', () => {
  let database: TestDatabase;
  let second: Database;
  let peer: WebhookPeer;
  beforeAll(async () => {
    database = await openTestDatabase('postgres');
    second = await openDatabase({ databaseUrl: database.url, poolSize: 5 });
    peer = await startWebhookPeer();
  });
  afterAll(async () => {
    await peer.close();
    await second.close();
    await database.close();
  });

  it('drain the same outbox together and send nothing twice', async () => {
    await updateChannelSettings(database.db, systemActor, 'webhook', { url: peer.url, secret: 'two-instances-secret-key' });
    await enqueueMessages(database.db, Array.from({ length: MESSAGES }, (_, i) => ({ idempotencyKey: `pair:${i}`, channel: 'webhook' as const, recipient: `r${i}`, bodyText: `消息 ${i}` })));
    // Small batches, so the two claim side by side many times over.
    const workers = [database.db, second.db].map((db, i) => startOutboxWorker({ db, workerId: `instance-${i}`, batchSize: 25, concurrency: 10, idleMs: 20 }));
    await Promise.all(workers.map((worker) => worker.idle()));
    while ((await countMessages(database.db)).sent !== MESSAGES) await new Promise((resolve) => setTimeout(resolve, 50));
    await Promise.all(workers.map((worker) => worker.stop()));

    const keys = peer.requests.map((request) => request.headers['idempotency-key'] as string);
    expect(keys).toHaveLength(MESSAGES);
    expect(new Set(keys).size).toBe(MESSAGES);
    // Both really worked: neither drained the outbox alone.
    expect(workers.map((worker) => worker.sent).every((sent) => sent > MESSAGES / 10)).toBe(true);
    expect(workers[0]!.sent + workers[1]!.sent).toBe(MESSAGES);
    console.log(`two instances: ${workers.map((worker) => worker.sent).join(' + ')} = ${MESSAGES}, ${keys.length - new Set(keys).size} repeats`);
  });

  it('two separate `weixi outbox work` processes send each message exactly once', async () => {
    await updateChannelSettings(database.db, systemActor, 'webhook', { url: peer.url, secret: 'two-instances-secret-key' });
    const before = peer.requests.length;
    const sentBefore = (await countMessages(database.db)).sent ?? 0;
    // A message due in an hour keeps both --exit-when-done workers alive until both are up;
    // the real ones are enqueued after that, and the holder is cancelled once they are out.
    const [holder] = await enqueueMessages(database.db, [{ idempotencyKey: 'processes:hold', channel: 'webhook', recipient: 'hold', bodyText: 'hold', notBefore: new Date(Date.now() + 3_600_000) }]);
    const flags = ['outbox', 'work', '--database-url', database.url!, '--batch-size', '25', '--concurrency', '10', '--idle-ms', '50', '--exit-when-done'];
    const children = [runWeixi(flags), runWeixi(flags)];
    try {
      await Promise.all(children.map((child) => waitForOutput(child, /outbox worker started/)));
      await enqueueMessages(database.db, Array.from({ length: MESSAGES }, (_, i) => ({ idempotencyKey: `processes:${i}`, channel: 'webhook' as const, recipient: `p${i}`, bodyText: `消息 ${i}` })));
      while ((await countMessages(database.db)).sent !== sentBefore + MESSAGES) await new Promise((resolve) => setTimeout(resolve, 50));
      await cancelMessages(database.db, systemActor, { ids: [holder!.id] });
      expect(await Promise.all(children.map((child) => child.exited))).toEqual([0, 0]);
    } finally {
      for (const child of children) if (child.process.exitCode === null) child.process.kill('SIGKILL');
    }
    const keys = peer.requests.slice(before).map((request) => request.headers['idempotency-key'] as string);
    expect(keys).toHaveLength(MESSAGES);
    expect(new Set(keys).size).toBe(MESSAGES);
    const sent = children.map((child) => Number(/(\d+) sent/.exec(child.output())?.[1] ?? NaN));
    expect(sent[0]! + sent[1]!).toBe(MESSAGES);
    expect(sent.every((count) => count > MESSAGES / 10)).toBe(true);
    console.log(`two processes: ${sent.join(' + ')} = ${MESSAGES}, ${keys.length - new Set(keys).size} repeats`);
  }, 120_000);
});

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openDatabase, type Database } from '../src/db/connect.js';
import { openTestDatabase, type TestDatabase } from '../src/db/test-support.js';
import { countMessages } from '../src/modules/messaging/count-messages.js';
import { enqueueMessages } from '../src/modules/messaging/enqueue-message.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { startWebhookPeer, type WebhookPeer } from '../src/modules/messaging/test-peers.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { systemActor } from '../src/modules/users/actor.js';

const MESSAGES = 3_000;

/** Two app instances (separate connection pools, as two servers would have) on one PostgreSQL. */
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
});

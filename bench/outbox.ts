/**
 * Outbox throughput (docs/benchmarks.md, "Messaging outbox").
 *
 *   npx tsx bench/outbox.ts [--messages 100000] [--engine postgres|pglite|both] [--workers 2]
 *                           [--batch-size 500] [--concurrency 64] [--reference 20000]
 *                           [--admin-url postgres://postgres@127.0.0.1:5432/postgres]
 *
 * Enqueue: --messages webhook messages inserted through enqueueMessages() in transactions of
 * 5,000 (timed on its own). Send: outbox workers (the product's own startOutboxWorker, with
 * send-time policy, claims, leases and per-result marks) drain them to a local HTTP peer
 * that checks nothing and answers 200; messages/s = messages ÷ time until the last is marked
 * sent. Reference, in the same run: the same signed webhook channel posting --reference
 * messages straight to the same peer with the same concurrency and no database, i.e. the
 * peer's raw request rate as this client reaches it. Ratio = outbox ÷ reference.
 * PostgreSQL uses a database it creates (weixi_bench_outbox) and drops after; PGlite one in
 * memory. The peer runs in a child process (this file with --serve-peer), as a receiver
 * would; the workers run in this one. All share the machine's cores with PostgreSQL.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { cpus, freemem, loadavg, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { openDatabase, type Database, type Engine } from '../src/db/connect.js';
import { migrate } from '../src/db/migrate.js';
import { countMessages } from '../src/modules/messaging/count-messages.js';
import { enqueueMessages, type NewMessage } from '../src/modules/messaging/enqueue-message.js';
import { startOutboxWorker } from '../src/modules/messaging/outbox-worker.js';
import { startWebhookPeer } from '../src/modules/messaging/test-peers.js';
import { updateChannelSettings } from '../src/modules/messaging/update-channel-settings.js';
import { createWebhookChannel } from '../src/modules/messaging/webhook-channel.js';
import { systemActor } from '../src/modules/users/actor.js';

type Options = { messages: number; engines: Engine[]; workers: number; batchSize: number; concurrency: number; reference: number; adminUrl: string };

function parseOptions(argv: string[]): Options {
  const options: Options = { messages: 100_000, engines: ['postgres'], workers: 2, batchSize: 500, concurrency: 64, reference: 20_000, adminUrl: process.env.WEIXI_BENCH_ADMIN_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' };
  for (let i = 0; i < argv.length; i++) {
    const flag = argv[i]!;
    const value = () => argv[++i] ?? '';
    const count = () => {
      const number = Number(value().replace(/_/g, ''));
      if (!Number.isInteger(number) || number < 1) throw new Error(`${flag} needs a whole number ≥ 1`);
      return number;
    };
    if (flag === '--messages') options.messages = count();
    else if (flag === '--workers') options.workers = count();
    else if (flag === '--batch-size') options.batchSize = count();
    else if (flag === '--concurrency') options.concurrency = count();
    else if (flag === '--reference') options.reference = count();
    else if (flag === '--admin-url') options.adminUrl = value();
    else if (flag === '--engine') {
      const engine = value();
      options.engines = engine === 'both' ? ['postgres', 'pglite'] : engine === 'postgres' || engine === 'pglite' ? [engine] : (() => { throw new Error('--engine is postgres, pglite or both'); })();
    } else throw new Error(`unknown option ${flag}`);
  }
  return options;
}

const SECRET = 'bench-webhook-secret-0123456789';

type PeerProcess = { url: string; count(): Promise<number>; close(): void };

/** The webhook peer in its own process; `count` asks it how many requests it has answered. */
async function startPeerProcess(): Promise<PeerProcess> {
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve-peer'], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  const url = await new Promise<string>((resolve) => child.once('message', (message) => resolve((message as { url: string }).url)));
  return {
    url,
    count: () => new Promise<number>((resolve) => {
      child.once('message', (message) => resolve((message as { count: number }).count));
      child.send('count');
    }),
    close: () => child.kill(),
  };
}

async function servePeer(): Promise<void> {
  const peer = await startWebhookPeer({ keep: false });
  process.on('message', () => process.send!({ count: peer.count }));
  process.send!({ url: peer.url });
}

/**
 * The peer's raw rate: the same channel code, one channel (its own connection pool) per
 * worker with the same concurrency, as the workers have — and no database.
 */
async function referenceRate(peer: PeerProcess, options: Options): Promise<number> {
  const channels = Array.from({ length: options.workers }, () => createWebhookChannel({ url: peer.url, secret: SECRET }));
  let next = 0;
  const started = performance.now();
  try {
    await Promise.all(channels.flatMap((channel) => Array.from({ length: options.concurrency }, async () => {
      while (next < options.reference) {
        const i = next++;
        const outcome = await channel.send({ id: `00000000-0000-7000-8000-${String(i).padStart(12, '0')}`, idempotencyKey: `ref:${i}`, to: `r${i}`, text: `消息 ${i}` });
        if (outcome.status !== 'sent') throw new Error(`reference send failed: ${JSON.stringify(outcome)}`);
      }
    })));
    return options.reference / ((performance.now() - started) / 1000);
  } finally {
    for (const channel of channels) channel.close();
  }
}

async function openBenchDatabase(engine: Engine, adminUrl: string): Promise<{ database: Database; drop(): Promise<void> }> {
  if (engine === 'pglite') {
    const database = await openDatabase({ dataDir: 'memory://' });
    await migrate(database);
    return { database, drop: () => database.close() };
  }
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query('DROP DATABASE IF EXISTS weixi_bench_outbox WITH (FORCE)');
  await admin.query('CREATE DATABASE weixi_bench_outbox');
  const url = new URL(adminUrl);
  url.pathname = '/weixi_bench_outbox';
  const database = await openDatabase({ databaseUrl: url.toString(), poolSize: 10 });
  await migrate(database);
  return {
    database,
    async drop() {
      await database.close();
      await admin.query('DROP DATABASE IF EXISTS weixi_bench_outbox WITH (FORCE)');
      await admin.end();
    },
  };
}

async function run(engine: Engine, options: Options): Promise<string[]> {
  const peer = await startPeerProcess();
  const { database, drop } = await openBenchDatabase(engine, options.adminUrl);
  try {
    const reference = await referenceRate(peer, options);
    await updateChannelSettings(database.db, systemActor, 'webhook', { url: peer.url, secret: SECRET });
    const enqueueStarted = performance.now();
    for (let start = 0; start < options.messages; start += 5_000) {
      const chunk: NewMessage[] = Array.from({ length: Math.min(5_000, options.messages - start) }, (_, i) => ({
        idempotencyKey: `bench:${start + i}`, channel: 'webhook', recipient: `customer-${start + i}`, subject: '节日问候', bodyText: `尊敬的客户 ${start + i}，祝您节日快乐！`,
      }));
      await database.db.transaction((tx) => enqueueMessages(tx, chunk));
    }
    const enqueueSeconds = (performance.now() - enqueueStarted) / 1000;

    const before = await peer.count();
    const started = performance.now();
    // Several workers in one process claim side by side, as several instances would.
    const workers = Array.from({ length: engine === 'pglite' ? 1 : options.workers }, (_, i) =>
      startOutboxWorker({ db: database.db, workerId: `bench-${i}`, batchSize: options.batchSize, concurrency: options.concurrency, idleMs: 20 }));
    for (;;) {
      await Promise.all(workers.map((worker) => worker.idle()));
      const counts = await countMessages(database.db);
      if ((counts.queued ?? 0) + (counts.sending ?? 0) === 0) break;
    }
    const seconds = (performance.now() - started) / 1000;
    await Promise.all(workers.map((worker) => worker.stop()));
    const counts = await countMessages(database.db);
    if (counts.sent !== options.messages) throw new Error(`not all sent: ${JSON.stringify(counts)}`);
    const rate = options.messages / seconds;
    return [
      `${engine}: enqueue ${options.messages} in ${enqueueSeconds.toFixed(1)} s (${Math.round(options.messages / enqueueSeconds)} messages/s)`,
      `${engine}: outbox → webhook ${options.messages} in ${seconds.toFixed(1)} s = ${Math.round(rate)} messages/s (${workers.length} workers × batch ${options.batchSize} × concurrency ${options.concurrency}); peer saw ${(await peer.count()) - before} requests`,
      `${engine}: reference (same channel, no database) ${Math.round(reference)} requests/s; ratio outbox/reference = ${(rate / reference).toFixed(2)}`,
    ];
  } finally {
    peer.close();
    await drop();
  }
}

if (process.argv.includes('--serve-peer')) {
  await servePeer();
} else {
  const options = parseOptions(process.argv.slice(2));
  const cpu = cpus();
  console.log(`machine: ${cpu.length} × ${cpu[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM (${(freemem() / 2 ** 30).toFixed(1)} free), load ${loadavg().map((value) => value.toFixed(1)).join(' ')}, Node ${process.version}`);
  for (const engine of options.engines) for (const line of await run(engine, options)) console.log(line);
}

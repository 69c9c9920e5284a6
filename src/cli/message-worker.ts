import type { Command } from 'commander';
import { countMessages, hasPendingWork } from '../modules/messaging/count-messages.js';
import { startOutboxWorker } from '../modules/messaging/outbox-worker.js';
import { openStore, resolveStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

type WorkFlags = { dataDir?: string; databaseUrl?: string; batchSize: string; concurrency: string; leaseMs: string; idleMs: string; exitWhenDone?: boolean };

function positiveInteger(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return number;
}

/** Sends queued messages until a signal (or, with --exit-when-done, until nothing is left). */
async function runOutboxWork(options: WorkFlags): Promise<void> {
  const database = await openStore(resolveStore(options));
  const worker = startOutboxWorker({
    db: database.db,
    batchSize: positiveInteger(options.batchSize, 'batch-size'),
    concurrency: positiveInteger(options.concurrency, 'concurrency'),
    leaseMs: positiveInteger(options.leaseMs, 'lease-ms'),
    idleMs: positiveInteger(options.idleMs, 'idle-ms'),
  });
  console.log(`outbox worker started (pid ${process.pid})`);
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await worker.stop();
    await database.close();
    console.log(`outbox worker stopped: ${worker.sent} sent`);
  };
  process.on('SIGINT', () => void stop().then(() => process.exit(0)));
  process.on('SIGTERM', () => void stop().then(() => process.exit(0)));
  while (!stopping) {
    await worker.idle();
    if (options.exitWhenDone && !stopping && !hasPendingWork(await countMessages(database.db))) break;
  }
  await stop();
}

/** `work` with its options, for `weixi outbox work` and the lean entry (message-worker-main.ts). */
export function defineWorkCommand(parent: Command, name = 'work'): Command {
  return withStoreOptions(
    parent
      .command(name)
      .description('Send queued messages until stopped (weixi serve runs one too; on PostgreSQL run as many as you like)')
      .option('--batch-size <n>', 'messages claimed at a time', '100')
      .option('--concurrency <n>', 'sends in flight at once', '20')
      .option('--lease-ms <ms>', 'how long a claim survives a dead worker', '60000')
      .option('--idle-ms <ms>', 'poll interval when the outbox is empty', '1000')
      .option('--exit-when-done', 'exit once nothing is queued or being sent'),
  ).action(action(runOutboxWork));
}

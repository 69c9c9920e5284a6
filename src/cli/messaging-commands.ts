import type { Command } from 'commander';
import { countMessages, hasPendingWork } from '../modules/messaging/count-messages.js';
import { startOutboxWorker } from '../modules/messaging/outbox-worker.js';
import { openStore, resolveStore, withStore, withStoreOptions } from './config.js';
import { action } from './errors.js';
import { registerSendCommand } from './send-command.js';

type StoreFlags = { dataDir?: string; databaseUrl?: string };
type WorkFlags = StoreFlags & { batchSize: string; concurrency: string; leaseMs: string; idleMs: string; exitWhenDone?: boolean };

function positiveInteger(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive integer, got ${value}`);
  return number;
}

export function registerMessagingCommands(program: Command): void {
  registerSendCommand(program);
  const outbox = program.command('outbox').description('The message outbox: run a sending worker, see what is queued. 消息发件箱');

  withStoreOptions(
    outbox
      .command('work')
      .description('Send queued messages until stopped (weixi serve runs one too; on PostgreSQL run as many as you like)')
      .option('--batch-size <n>', 'messages claimed at a time', '100')
      .option('--concurrency <n>', 'sends in flight at once', '20')
      .option('--lease-ms <ms>', 'how long a claim survives a dead worker', '60000')
      .option('--idle-ms <ms>', 'poll interval when the outbox is empty', '1000')
      .option('--exit-when-done', 'exit once nothing is queued or being sent'),
  ).action(
    action(async (options: WorkFlags) => {
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
    }),
  );

  withStoreOptions(outbox.command('status').description('Messages per status')).action(
    action(async (options: StoreFlags) => {
      const counts = await withStore(resolveStore(options), (database) => countMessages(database.db));
      for (const [status, count] of Object.entries(counts)) console.log(`${status}\t${count}`);
    }),
  );
}

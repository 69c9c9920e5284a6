import type { Command } from 'commander';
import { countMessages } from '../modules/messaging/count-messages.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action } from './errors.js';
import { defineWorkCommand } from './message-worker.js';
import { registerSendCommand } from './send-command.js';

type StoreFlags = { dataDir?: string; databaseUrl?: string };

export function registerMessagingCommands(program: Command): void {
  registerSendCommand(program);
  const outbox = program.command('outbox').description('The message outbox: run a sending worker, see what is queued. 消息发件箱');

  defineWorkCommand(outbox);

  withStoreOptions(outbox.command('status').description('Messages per status')).action(
    action(async (options: StoreFlags) => {
      const counts = await withStore(resolveStore(options), (database) => countMessages(database.db));
      for (const [status, count] of Object.entries(counts)) console.log(`${status}\t${count}`);
    }),
  );
}

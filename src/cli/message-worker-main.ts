import { Command } from 'commander';
import { defineWorkCommand } from './message-worker.js';

/**
 * `weixi outbox work` without the rest of the CLI (server, web, imports): starts in about
 * half the time, for dedicated worker processes and the crash test that restarts one often.
 *   node --import tsx src/cli/message-worker-main.ts work --database-url postgres://…
 */
const program = new Command().name('weixi-outbox-worker');
defineWorkCommand(program);
await program.parseAsync(process.argv);

import type { Command } from 'commander';
import { startOutboxWorker } from '../modules/messaging/outbox-worker.js';
import { registeredSchedule } from '../modules/scheduler/registered-tasks.js';
import { startScheduler } from '../modules/scheduler/scheduler.js';
import { closeOnSignals, startServer } from '../server/start-server.js';
import { resolveStore } from './config.js';
import { action } from './errors.js';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new Error(`Invalid port: ${value}`);
  return port;
}

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Start the API and web UI (migrates first). 启动服务')
    .option('-p, --port <port>', 'port to listen on (env PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to bind (env HOST)', process.env.HOST ?? '0.0.0.0')
    .option('-d, --data-dir <dir>', 'embedded database directory (env WEIXI_DATA_DIR)', undefined)
    .option('--database-url <url>', 'use a PostgreSQL server instead (env DATABASE_URL)')
    .option('--build-if-needed', 'build the web app first if it is missing or stale')
    .option('--log', 'log every request')
    .option('--no-outbox', 'do not send queued messages from this process (run `weixi outbox work` elsewhere)')
    .option('--no-scheduler', 'do not run daily tasks and analysis runs from this process')
    .action(
      action(async (options: { port: string; host: string; dataDir?: string; databaseUrl?: string; buildIfNeeded?: boolean; log?: boolean; outbox: boolean; scheduler: boolean }) => {
        if (options.buildIfNeeded) {
          // @ts-expect-error plain ESM helper shared with npm scripts, has no types
          const { buildWebIfNeeded } = (await import('../../scripts/build-if-needed.mjs')) as { buildWebIfNeeded(): void };
          buildWebIfNeeded();
        }
        const server = await startServer({
          store: resolveStore(options),
          port: parsePort(options.port),
          host: options.host,
          logger: options.log,
        });
        // The outbox worker sends from the server process (the only way on PGlite, which one
        // process owns); it finishes its batch before the database closes.
        const outbox = options.outbox ? startOutboxWorker({ db: server.database.db }) : undefined;
        // Daily tasks (the analysis run …) and their workers; several instances share them safely.
        const scheduler = options.scheduler ? startScheduler({ db: server.database.db, ...registeredSchedule(server.database) }) : undefined;
        closeOnSignals({
          async close() {
            await outbox?.stop();
            await scheduler?.stop();
            await server.close();
          },
        });
      }),
    );
}

import type { FastifyInstance } from 'fastify';
import { describeStore, openStore, type StoreOptions } from '../cli/config.js';
import type { Database } from '../db/connect.js';
import { ensureAdmin } from '../modules/users/ensure-admin.js';
import { buildApp } from './app.js';

export type ServerOptions = {
  store: StoreOptions;
  port: number;
  host: string;
  logger?: boolean;
  /** Print start-up lines (URL, first admin password). */
  log?: (line: string) => void;
};

export type RunningServer = { app: FastifyInstance; database: Database; url: string; close(): Promise<void> };

export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const log = options.log ?? ((line: string) => console.log(line));
  const database = await openStore(options.store);
  let app: FastifyInstance | undefined;
  try {
    const admin = await ensureAdmin(database.db);
    app = await buildApp({ database, logger: options.logger, secureCookies: process.env.WEIXI_SECURE_COOKIES === 'true' });
    await app.listen({ port: options.port, host: options.host });
    const url = `http://localhost:${options.port}`;
    log(`Weixi 维系 is serving ${url} (API docs: ${url}/api/docs) on ${describeStore(options.store)}`);
    if (admin) {
      log('First start: created the administrator account.');
      log(`  Sign in at ${url} with username "${admin.username}" and password "${admin.password}"`);
      log('  It is shown only now: change it from the user menu (修改密码) after signing in. Lost it? Stop the server and run `npx weixi user password admin`.');
    }
    let closing: Promise<void> | undefined;
    const running: RunningServer = {
      app,
      database,
      url,
      close() {
        closing ??= (async () => {
          await app!.close();
          await database.close();
        })();
        return closing;
      },
    };
    return running;
  } catch (error) {
    await app?.close().catch(() => undefined);
    await database.close();
    throw error;
  }
}

/**
 * Closes the server and the database cleanly on SIGINT/SIGTERM: PGlite must be closed
 * properly, and the data-dir lock released. A second signal exits at once.
 */
export function closeOnSignals(server: { close(): Promise<void> }, log: (line: string) => void = console.log): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(130);
    stopping = true;
    log(`${signal}: closing Weixi…`);
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { sql } from 'drizzle-orm';
import { customers } from '../modules/customers/schema.js';
import { DEMO_PASSWORD, loadDemo } from '../modules/demo/load-demo.js';
import { systemActor } from '../modules/users/actor.js';
import { createUser } from '../modules/users/create-user.js';
import { closeOnSignals, startServer } from '../server/start-server.js';
import { AppError } from '../shared/errors.js';
import { describeStore, openStore, type StoreOptions } from './config.js';
import { action } from './errors.js';
import { progressBar } from './progress.js';
import { parsePort } from './serve-command.js';

type DemoFlags = { size: string; seed: string; port: string; host: string; dataDir: string; databaseUrl?: string; reset?: boolean; serve: boolean };

function positiveInt(value: string, name: string): number {
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new Error(`--${name} must be a positive whole number, not ${value}`);
  return number;
}

/** Fills an empty store with the demo company; refuses to touch a store that has customers. */
async function fillDemo(store: StoreOptions, size: number, seed: number): Promise<void> {
  const database = await openStore(store);
  try {
    const [row] = await database.db.select({ n: sql<number>`count(*)::int` }).from(customers);
    if ((row?.n ?? 0) > 0) {
      console.log(`Using the existing demo data in ${describeStore(store)} (${row!.n} customers; --reset to regenerate).`);
      return;
    }
    const bar = progressBar('Generating demo company');
    const started = Date.now();
    const result = await loadDemo(database, { size, seed, onProgress: (done, total) => bar.update(done, total) });
    bar.stop();
    // The demo's own staff have accounts; an administrator to explore everything with is ours.
    await createUser(database.db, systemActor, { username: 'admin', displayName: '管理员', password: DEMO_PASSWORD, role: 'admin' });
    console.log(
      `Demo company ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${result.customers} customers, ${result.orders} orders, ${result.interactions} interactions, ${result.users} users.`,
    );
  } finally {
    await database.close();
  }
}

export function registerDemoCommand(program: Command): void {
  program
    .command('demo')
    .description('Serve a generated, deterministic demo company on its own data directory. 演示数据')
    .option('--size <n>', 'number of customers', '5000')
    .option('--seed <n>', 'random seed: the same size and seed give the same company', '42')
    .option('-p, --port <port>', 'port to listen on (env PORT)', process.env.PORT ?? '3000')
    .option('--host <host>', 'address to bind', process.env.HOST ?? '0.0.0.0')
    .option('-d, --data-dir <dir>', 'demo data directory (never ./data)', './data-demo')
    .option('--database-url <url>', 'fill an EMPTY PostgreSQL database instead (DATABASE_URL is deliberately ignored)')
    .option('--reset', 'delete the demo data directory first and generate again')
    .option('--no-serve', 'only generate the data')
    .action(
      action(async (options: DemoFlags) => {
        const size = positiveInt(options.size, 'size');
        const seed = positiveInt(options.seed, 'seed');
        const store: StoreOptions = options.databaseUrl ? { databaseUrl: options.databaseUrl } : { dataDir: resolve(options.dataDir) };
        if (store.dataDir && store.dataDir === resolve('./data')) {
          throw new AppError('demo_needs_own_dir', { 'zh-CN': '演示数据不能写入 ./data，请换一个目录', 'en-US': 'The demo does not write into ./data; choose another directory' });
        }
        if (options.reset) {
          if (!store.dataDir) throw new AppError('demo_reset_postgres', { 'zh-CN': '--reset 只用于内置数据目录', 'en-US': '--reset only works on an embedded data directory' });
          rmSync(store.dataDir, { recursive: true, force: true });
        }
        await fillDemo(store, size, seed);
        if (!options.serve) return;
        const server = await startServer({ store, port: parsePort(options.port), host: options.host });
        console.log(`Sign in as "admin" with password "${DEMO_PASSWORD}" (demo staff accounts use the same password).`);
        closeOnSignals(server);
      }),
    );
}

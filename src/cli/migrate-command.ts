import type { Command } from 'commander';
import { openDatabase } from '../db/connect.js';
import { migrate } from '../db/migrate.js';
import { describeStore, resolveStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

export function registerMigrateCommand(program: Command): void {
  withStoreOptions(program.command('migrate').description('Apply pending database migrations (serve does this too). 升级数据库结构')).action(
    action(async (options: { dataDir?: string; databaseUrl?: string }) => {
      const store = resolveStore(options);
      const database = await openDatabase(store);
      try {
        const result = await migrate(database);
        console.log(
          result.applied.length > 0
            ? `Applied ${result.applied.join(', ')} on ${describeStore(store)}`
            : `Up to date (${result.current}) on ${describeStore(store)}`,
        );
      } finally {
        await database.close();
      }
    }),
  );
}

import { resolve } from 'node:path';
import type { Command } from 'commander';
import { openDatabase } from '../db/connect.js';
import { backupDatabase, type TableProgress } from '../modules/backup/backup-database.js';
import { readBackupHeader, restoreDatabase } from '../modules/backup/restore-database.js';
import { describeStore, resolveStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

type StoreFlags = { dataDir?: string; databaseUrl?: string };

const BACKUP_HELP = `
The file is gzip-compressed: a JSON header, then every table as CSV (docs/backup.md).
It restores on either engine: a backup of the embedded store loads into PostgreSQL and
the other way round. Use "-" as the file to write to standard output.

On PostgreSQL the backup is one consistent snapshot, taken while Weixi keeps running.
The embedded store (PGlite) can only be backed up while "weixi serve" is stopped.

Examples:
  weixi backup weixi-2025-01-31.weixi-backup
  weixi backup - --database-url postgres://weixi@db/weixi | ssh backup-host 'cat > weixi.weixi-backup'
`;

const RESTORE_HELP = `
Loads a file written by "weixi backup" into the store, on either engine, in one
transaction: if anything fails (a damaged file, a full disk) the store is left as it was.
The store is first brought to the backup's schema version, newer migrations run after.
It must be empty (a new data directory or database) unless --force is given.
Stop "weixi serve" (every instance) before restoring. Use "-" to read standard input.

Examples:
  weixi restore weixi-2025-01-31.weixi-backup --data-dir ./data-restored
  weixi restore weixi-2025-01-31.weixi-backup --database-url postgres://weixi@db/weixi --force
`;

export function registerBackupCommands(program: Command): void {
  withStoreOptions(
    program
      .command('backup')
      .argument('<file>', 'backup file to write (e.g. weixi.weixi-backup), or - for stdout')
      .description('Write the whole database to one file that restores on either engine. 备份')
      .addHelpText('after', BACKUP_HELP),
  ).action(
    action(async (file: string, options: StoreFlags) => {
      const store = resolveStore(options);
      const toStdout = file === '-';
      const target = toStdout ? 'standard output' : resolve(file);
      const database = await openDatabase(store);
      try {
        const result = await cancelOnSignals((signal) =>
          backupDatabase({
            database,
            databaseUrl: store.databaseUrl,
            output: toStdout ? process.stdout : target,
            onProgress: tableProgress('Backing up'),
            signal,
          }),
        );
        // With the data on stdout, the summary goes to stderr with the progress.
        const log = toStdout ? console.error : console.log;
        log(
          `Backed up ${result.tables.length} tables, ${count(result.rows)} rows (${size(result.dataBytes)} of data, ` +
            `${size(result.fileBytes)} compressed, schema ${result.schemaVersion}) from ${describeStore(store)} to ${target} in ${seconds(result.milliseconds)}`,
        );
      } finally {
        await database.close();
      }
    }),
  );

  withStoreOptions(
    program
      .command('restore')
      .argument('<file>', 'backup file written by weixi backup, or - for stdin')
      .option('--force', 'replace everything the target holds (it is emptied first)')
      .description('Load a backup file into an empty database (either engine). 恢复')
      .addHelpText('after', RESTORE_HELP),
  ).action(
    action(async (file: string, options: StoreFlags & { force?: boolean }) => {
      const store = resolveStore(options);
      const fromStdin = file === '-';
      // A file that is no backup (or too new) is refused before the store is opened or created.
      if (!fromStdin) await readBackupHeader(resolve(file), file);
      // Not openStore: the restore migrates inside its own transaction, to the backup's version first.
      const database = await openDatabase(store);
      try {
        const result = await cancelOnSignals((signal) =>
          restoreDatabase({
            database,
            databaseUrl: store.databaseUrl,
            input: fromStdin ? process.stdin : resolve(file),
            inputName: fromStdin ? 'stdin' : file,
            force: options.force,
            onProgress: tableProgress('Restoring'),
            signal,
          }),
        );
        const { header } = result;
        console.log(
          `Restored ${result.tables.length} tables, ${count(result.rows)} rows (${size(result.dataBytes)}) into ${describeStore(store)} in ${seconds(result.milliseconds)}` +
            `\n  from a ${header.engine} backup taken ${header.createdAt}, schema ${header.schemaVersion}` +
            (result.migrationsAfter.length > 0 ? `; then applied ${result.migrationsAfter.join(', ')}` : ''),
        );
        if (result.targetVersionBefore && result.targetVersionBefore > header.schemaVersion) {
          console.error(
            `Note: the target was already at schema ${result.targetVersionBefore}, newer than the backup; ` +
              `migrations after ${header.schemaVersion} did not run on the restored data. Restoring into a new, empty database avoids this.`,
          );
        }
      } finally {
        await database.close();
      }
    }),
  );
}

/**
 * Ctrl-C or SIGTERM stops the work at the next chunk, so the transaction rolls back and the
 * store closes cleanly (PGlite's data directory and lock included). A second signal exits at once.
 */
async function cancelOnSignals<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const stop = (name: NodeJS.Signals) => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write(`\n${name}: stopping…\n`);
    controller.abort();
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    return await work(controller.signal);
  } finally {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  }
}

/** One line per table on stderr; on a terminal the current table's line updates in place. */
function tableProgress(verb: string): (progress: TableProgress) => void {
  const tty = process.stderr.isTTY === true;
  let last = 0;
  return (progress) => {
    const line = `${verb} ${progress.table.padEnd(24)} ${count(progress.rows).padStart(11)} / ${count(progress.totalRows)} rows  ${size(progress.bytes)}`;
    if (progress.done) {
      process.stderr.write(tty ? `\r\x1b[K${line}\n` : `${line}\n`);
    } else if (tty && Date.now() - last > 100) {
      last = Date.now();
      process.stderr.write(`\r\x1b[K${line}`);
    }
  };
}

function count(value: number): string {
  return value.toLocaleString('en-US');
}

function size(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KB`;
  if (bytes < 1024 ** 3) return `${(bytes / 1024 / 1024).toFixed(1)} MB`;
  return `${(bytes / 1024 ** 3).toFixed(2)} GB`;
}

function seconds(milliseconds: number): string {
  return `${(milliseconds / 1000).toFixed(1)} s`;
}

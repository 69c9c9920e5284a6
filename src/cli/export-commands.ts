import { createWriteStream } from 'node:fs';
import type { Command } from 'commander';
import { exportCustomers, customerExportFormats, type CustomerExportFormat, type ExportCustomersFilter } from '../modules/exports/export-customers.js';
import { exportOrders, orderExportFormats } from '../modules/exports/export-orders.js';
import type { TableFormat } from '../modules/exports/table-writer.js';
import { systemActor } from '../modules/users/actor.js';
import { splitList } from '../server/common-schemas.js';
import { AppError } from '../shared/errors.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

type Flags = { dataDir?: string; databaseUrl?: string; format: string; output: string };

function checkFormat<F extends string>(format: string, allowed: readonly F[]): F {
  if ((allowed as readonly string[]).includes(format)) return format as F;
  throw new AppError('invalid_format', { 'zh-CN': `--format 可选：${allowed.join('、')}`, 'en-US': `--format must be one of: ${allowed.join(', ')}` });
}

export function registerExportCommands(program: Command): void {
  const exports = program.command('export').description('Export customers or orders to CSV (UTF-8 with BOM), XLSX or vCard. 导出');
  withStoreOptions(
    exports
      .command('customers')
      .description('Export a filtered customer list')
      .option('--format <format>', 'csv | xlsx | vcf', 'csv')
      .requiredOption('-o, --output <file>', 'output file')
      .option('-q, --query <text>', 'name, pinyin, initials, company or phone fragment')
      .option('--stage <list>', 'comma-separated stages')
      .option('--group <ids>', 'comma-separated group ids')
      .option('--tag <list>', 'comma-separated tags')
      .option('--region <list>', 'comma-separated regions')
      .option('--owner <ids>', 'comma-separated owner ids, me or none')
      .option('--sort <sort>', '-updated | updated | name | -name | -created | created', '-updated'),
  ).action(
    action(async (flags: Flags & { query?: string; stage?: string; group?: string; tag?: string; region?: string; owner?: string; sort: string }) => {
      const format = checkFormat<CustomerExportFormat>(flags.format, customerExportFormats);
      const filter = {
        q: flags.query, stages: splitList(flags.stage), groupIds: splitList(flags.group), tags: splitList(flags.tag),
        regions: splitList(flags.region), ownerIds: splitList(flags.owner), sort: flags.sort,
      } as ExportCustomersFilter;
      const count = await withStore(resolveStore(flags), (database) => exportCustomers(database.db, systemActor, filter, format, createWriteStream(flags.output)));
      console.log(`${count} → ${flags.output}`);
    }),
  );
  withStoreOptions(
    exports
      .command('orders')
      .description('Export orders')
      .option('--format <format>', 'csv | xlsx', 'csv')
      .requiredOption('-o, --output <file>', 'output file')
      .option('--customer <id>', 'one customer\'s orders')
      .option('--from <time>', 'ordered at or after (ISO 8601 with offset)')
      .option('--to <time>', 'ordered before (ISO 8601 with offset)')
      .option('--channel <channel>'),
  ).action(
    action(async (flags: Flags & { customer?: string; from?: string; to?: string; channel?: string }) => {
      const format = checkFormat<TableFormat>(flags.format, orderExportFormats);
      const filter = { customerId: flags.customer, from: flags.from, to: flags.to, channel: flags.channel };
      const count = await withStore(resolveStore(flags), (database) => exportOrders(database.db, systemActor, filter, format, createWriteStream(flags.output)));
      console.log(`${count} → ${flags.output}`);
    }),
  );
}

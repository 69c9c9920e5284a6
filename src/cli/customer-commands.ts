import type { Command } from 'commander';
import { systemActor } from '../modules/users/actor.js';
import { createCustomer } from '../modules/customers/create-customer.js';
import type { CreateCustomerInput } from '../modules/customers/customer-input.js';
import type { CustomerSummary } from '../modules/customers/customer-view.js';
import { getCustomer } from '../modules/customers/get-customer.js';
import { listCustomers, type ListCustomersFilter } from '../modules/customers/list-customers.js';
import { splitList } from '../server/common-schemas.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

type StoreFlags = { dataDir?: string; databaseUrl?: string };

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function printSummaries(items: CustomerSummary[]): void {
  for (const item of items) {
    console.log([item.id, item.name, item.company ?? '', item.phones[0]?.number ?? '', item.stage, item.region ?? '', item.ownerName ?? ''].join('\t'));
  }
}

export function registerCustomerCommands(program: Command): void {
  const customers = program.command('customers').description('Look up and add customers. 客户');

  withStoreOptions(
    customers
      .command('list')
      .description('Search and filter customers (tab-separated: id, name, company, phone, stage, region, owner)')
      .option('-q, --query <text>', 'name, pinyin, initials, company or phone fragment')
      .option('--stage <list>', 'comma-separated stages: non_customer,potential,target,current,loyal,churned')
      .option('--group <ids>', 'comma-separated group ids')
      .option('--tag <list>', 'comma-separated tags')
      .option('--region <list>', 'comma-separated regions')
      .option('--sort <sort>', '-updated | updated | name | -name | -created | created', '-updated')
      .option('--limit <n>', 'how many (1–500)', '50')
      .option('--cursor <cursor>', 'continue after a previous page')
      .option('--json', 'print JSON'),
  ).action(
    action(async (options: StoreFlags & { query?: string; stage?: string; group?: string; tag?: string; region?: string; sort: string; limit: string; cursor?: string; json?: boolean }) => {
      const result = await withStore(resolveStore(options), (database) =>
        listCustomers(database.db, systemActor, {
          q: options.query,
          stages: splitList(options.stage) as ListCustomersFilter['stages'],
          groupIds: splitList(options.group),
          tags: splitList(options.tag),
          regions: splitList(options.region),
          sort: options.sort as ListCustomersFilter['sort'],
          limit: Number(options.limit),
          cursor: options.cursor,
        }),
      );
      if (options.json) {
        console.log(JSON.stringify(result, null, 2));
        return;
      }
      printSummaries(result.items);
      console.error(`${result.totalIsEstimate ? `${result.total}+` : result.total} matching${result.nextCursor ? `; next page: --cursor ${result.nextCursor}` : ''}`);
    }),
  );

  withStoreOptions(customers.command('show <id>').description('Show one customer file as JSON')).action(
    action(async (id: string, options: StoreFlags) => {
      const customer = await withStore(resolveStore(options), (database) => getCustomer(database.db, systemActor, id));
      console.log(JSON.stringify(customer, null, 2));
    }),
  );

  withStoreOptions(
    customers
      .command('add')
      .description('Add a customer')
      .requiredOption('--name <name>', 'name, e.g. 张伟')
      .option('--phone <number>', 'phone (repeatable)', collect)
      .option('--email <address>', 'e-mail (repeatable)', collect)
      .option('--company <company>')
      .option('--title <title>')
      .option('--region <region>')
      .option('--stage <stage>', 'non_customer | potential | target | current | loyal | churned')
      .option('--birthday <date>', 'YYYY-MM-DD (the solar date of birth)')
      .option('--lunar', 'celebrates the lunar birthday (农历生日)')
      .option('--tag <tag>', 'tag (repeatable)', collect)
      .option('--json', 'print the created customer as JSON'),
  ).action(
    action(async (options: StoreFlags & { name: string; phone?: string[]; email?: string[]; company?: string; title?: string; region?: string; stage?: string; birthday?: string; lunar?: boolean; tag?: string[]; json?: boolean }) => {
      const input: CreateCustomerInput = {
        name: options.name,
        phones: options.phone?.map((number) => ({ number })),
        emails: options.email?.map((address) => ({ address })),
        company: options.company,
        title: options.title,
        region: options.region,
        stage: options.stage as CreateCustomerInput['stage'],
        birthday: options.birthday,
        birthdayLunar: options.lunar,
        tags: options.tag,
      };
      const created = await withStore(resolveStore(options), (database) => createCustomer(database.db, systemActor, input));
      if (options.json) console.log(JSON.stringify(created, null, 2));
      else console.log(`Created ${created.name} (${created.id})`);
    }),
  );
}

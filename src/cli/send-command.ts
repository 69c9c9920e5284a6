import type { Command } from 'commander';
import type { Database } from '../db/connect.js';
import { fieldError } from '../shared/errors.js';
import type { ListCustomersFilter } from '../modules/customers/list-customers.js';
import { findTemplateByName } from '../modules/messaging/list-templates.js';
import type { SendInput } from '../modules/messaging/plan-send.js';
import { previewSend } from '../modules/messaging/preview-send.js';
import { sendToCustomers } from '../modules/messaging/send-to-customers.js';
import { systemActor } from '../modules/users/actor.js';
import { splitList } from '../server/common-schemas.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

type SendFlags = {
  dataDir?: string;
  databaseUrl?: string;
  template: string;
  channel: string;
  ids?: string;
  query?: string;
  stage?: string;
  group?: string;
  tag?: string;
  region?: string;
  holiday?: string;
  param: string[];
  at?: string;
  name?: string;
  dryRun?: boolean;
  json?: boolean;
};

const HELP = `
Sends a message template to customers, by id or to everyone matching the filters (the same
filters as "weixi customers list"). Opted-out customers and those over the marketing cap are
queued and marked by send-time policy; customers without an address are skipped.
Sending happens in "weixi serve" (or "weixi outbox work").

Examples:
  weixi send --template 春节问候 --channel email --region 华东 --holiday 春节 --dry-run
  weixi send --template 续费提醒 --channel sms --tag VIP --at 2026-02-16T09:00:00+08:00
`;

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parseParams(pairs: string[], holiday?: string): Record<string, string> {
  const params: Record<string, string> = {};
  for (const pair of pairs) {
    const at = pair.indexOf('=');
    if (at < 1) throw fieldError('param', 'invalid', { 'zh-CN': `参数应写成 键=值：${pair}`, 'en-US': `a parameter must be key=value: ${pair}` });
    params[pair.slice(0, at)] = pair.slice(at + 1);
  }
  if (holiday) params.holiday = holiday;
  return params;
}

async function sendInputOf(database: Database, options: SendFlags): Promise<SendInput> {
  const template = await findTemplateByName(database.db, options.template, options.channel);
  if (!template) {
    throw fieldError('template', 'not_found', { 'zh-CN': `没有名为“${options.template}”的${options.channel}模板`, 'en-US': `no ${options.channel} template named "${options.template}"` });
  }
  const filter: ListCustomersFilter = {
    q: options.query,
    stages: splitList(options.stage) as ListCustomersFilter['stages'],
    groupIds: splitList(options.group),
    tags: splitList(options.tag),
    regions: splitList(options.region),
  };
  return {
    channel: options.channel as SendInput['channel'],
    templateId: template.id,
    ...(options.ids ? { customerIds: splitList(options.ids) } : { filter }),
    params: parseParams(options.param, options.holiday),
    at: options.at,
    name: options.name,
  };
}

export function registerSendCommand(program: Command): void {
  withStoreOptions(
    program
      .command('send')
      .description('Send a template to customers now or at a time (preview with --dry-run). 群发消息')
      .requiredOption('--template <name>', 'template name')
      .requiredOption('--channel <channel>', 'email | sms | webhook')
      .option('--ids <ids>', 'comma-separated customer ids (instead of filters)')
      .option('-q, --query <text>', 'name, pinyin, company or phone fragment')
      .option('--stage <list>', 'comma-separated stages')
      .option('--group <ids>', 'comma-separated group ids')
      .option('--tag <list>', 'comma-separated tags')
      .option('--region <list>', 'comma-separated regions')
      .option('--holiday <name>', 'value of {{holiday}}, e.g. 春节')
      .option('--param <key=value>', 'another merge value (repeatable)', collect, [])
      .option('--at <time>', 'send at this time (ISO 8601 with offset, e.g. 2026-02-16T09:00:00+08:00)')
      .option('--name <name>', 'name of the batch in the delivery log')
      .option('--dry-run', 'show the preview and send nothing')
      .option('--json', 'print JSON')
      .addHelpText('after', HELP),
  ).action(
    action(async (options: SendFlags) => {
      await withStore(resolveStore(options), async (database) => {
        const input = await sendInputOf(database, options);
        if (options.dryRun) {
          const preview = await previewSend(database.db, systemActor, input);
          if (options.json) return console.log(JSON.stringify(preview, null, 2));
          console.log(`selected ${preview.selected}, will send ${preview.willSend}${preview.scheduledAt ? ` at ${preview.scheduledAt}` : ''}`);
          for (const group of preview.excluded) console.log(`  excluded (${group.reason}): ${group.count} — ${group.customers.map((customer) => customer.name ?? customer.id).join(', ')}`);
          if (preview.sample) {
            console.log(`sample to ${preview.sample.customerName} <${preview.sample.to}>:`);
            if (preview.sample.subject) console.log(`  subject: ${preview.sample.subject}`);
            console.log(preview.sample.text.replace(/^/gm, '  '));
            if (preview.sample.emptyFields.length > 0) console.log(`  empty fields: ${preview.sample.emptyFields.join(', ')}`);
          }
          return;
        }
        const batch = await sendToCustomers(database.db, systemActor, input);
        if (options.json) return console.log(JSON.stringify(batch, null, 2));
        console.log(`batch ${batch.id} "${batch.name}": ${batch.statuses.queued ?? 0} queued; selected ${batch.audience.selected}, no address ${batch.audience.no_address}, not found ${batch.audience.not_found}`);
      });
    }),
  );
}

import type { Command } from 'commander';
import { c3Segments, type C3Input } from '../modules/analytics/c3-segments.js';
import { managerKpis, type KpiInput } from '../modules/analytics/manager-kpis.js';
import { systemActor } from '../modules/users/actor.js';
import { printTable } from './analyze-commands.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action, cliLocale } from './errors.js';

type StoreFlags = { dataDir?: string; databaseUrl?: string; json?: boolean };
type C3Flags = StoreFlags & { asOf?: string } & Record<string, string | undefined>;
type KpiFlags = StoreFlags & { by: string; from?: string; to?: string; period: string; activeMonths?: string };

const percent = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);
const C3_NUMBERS = ['npsPositiveMin', 'satisfactionPositiveMin', 'complaintDays', 'complaintsNegative', 'windowMonths', 'loyalMinPurchases', 'maxDecline', 'valueTopShare'] as const;

/** Command-line text to a number where one is expected; anything else goes to the use case, which names the field. */
const numeric = (text: string | undefined): number | string | undefined => (text !== undefined && text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** Adds `weixi analyze c3` and `weixi analyze kpis` to the existing `analyze` command. */
export function registerAnalyzeInsightCommands(program: Command): void {
  const analyze = program.commands.find((command) => command.name() === 'analyze') ?? program.command('analyze');

  withStoreOptions(analyze.command('c3').description('C3 segments: attitude × behaviour × value, 8 segments with strategies (thresholds overridable)'))
    .option('--as-of <date>', 'first day not counted (YYYY-MM-DD); default today')
    .option('--nps-positive-min <n>', 'latest NPS below this = negative attitude (default 7)')
    .option('--satisfaction-positive-min <n>', 'latest satisfaction (1–5) below this = negative attitude (default 4)')
    .option('--complaint-days <n>', 'complaints counted over this many days (default 180)')
    .option('--complaints-negative <n>', 'this many complaints = negative attitude (default 1)')
    .option('--unknown-attitude <positive|negative>', 'attitude of customers never surveyed and without complaints (default positive)')
    .option('--window-months <n>', 'repeat-rate window in months (default 12)')
    .option('--loyal-min-purchases <n>', 'purchase days in the window to be loyal (default 2)')
    .option('--max-decline <share>', 'largest drop on the previous window still loyal (default 0.5)')
    .option('--value-top-share <share>', 'share of buyers by margin that are high value (default 0.2)')
    .option('--json', 'print JSON')
    .action(action(async (flags: C3Flags) => {
      const input: Record<string, unknown> = { asOf: flags.asOf, unknownAttitude: flags.unknownAttitude };
      for (const name of C3_NUMBERS) input[name] = numeric(flags[name]);
      const locale = cliLocale();
      const result = await withStore(resolveStore(flags), (database) => c3Segments(database.db, systemActor, input as C3Input, locale));
      if (flags.json) return console.log(JSON.stringify(result, null, 2));
      console.log(`C3 as of ${result.asOf}: ${result.buyers} buyers`);
      printTable(['segment', 'customers', 'share', 'revenue share', 'surveyed', 'strategy'], result.segments.map((segment) => [
        segment.label, String(segment.customers), percent(segment.share), percent(segment.revenueShare), String(segment.surveyed), segment.strategy,
      ]));
    }));

  withStoreOptions(analyze.command('kpis').description("Manager view: KPIs per month or quarter by company, region, team or owner, and next quarter's revenue forecast"))
    .option('--by <group>', 'company | region | team | owner', 'company')
    .option('--from <date>', 'first day (YYYY-MM-DD); default 11 months before --to')
    .option('--to <date>', 'last day (YYYY-MM-DD); default today')
    .option('--period <period>', 'month | quarter', 'month')
    .option('--active-months <n>', 'months without a purchase after which a customer is no longer active (default 12)')
    .option('--json', 'print JSON')
    .action(action(async (flags: KpiFlags) => {
      const input = { by: flags.by, from: flags.from, to: flags.to, period: flags.period, activeMonths: numeric(flags.activeMonths) } as KpiInput;
      const locale = cliLocale();
      const result = await withStore(resolveStore(flags), (database) => managerKpis(database.db, systemActor, input, locale));
      if (flags.json) return console.log(JSON.stringify(result, null, 2));
      printTable(['group', 'period', 'active', 'new', 'churned', 'retention', 'revenue', 'margin', 'top 20%', 'complaints'], result.rows.map((row) => [
        row.label, row.period, String(row.activeCustomers), String(row.newCustomers), String(row.churnedCustomers), percent(row.retentionRate),
        row.revenue, row.margin, percent(row.top20RevenueShare), String(row.complaints),
      ]));
      for (const entry of result.unavailable) console.log(`${entry.field}: ${entry.reason}`);
      const f = result.forecast;
      console.log(`Forecast ${f.nextQuarter} (${f.from} … ${f.to}): revenue ${f.revenue} [${f.low}, ${f.high}] by ${f.method}, ${f.customers} customers, data before ${f.asOf}`);
    }));
}

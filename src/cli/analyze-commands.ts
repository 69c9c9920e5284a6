import type { Command } from 'commander';
import { acquisitionCohorts } from '../modules/analytics/acquisition-cohorts.js';
import { summarizeCustomers } from '../modules/analytics/customer-summaries.js';
import { rfmSegments } from '../modules/analytics/rfm-segments.js';
import { valueConcentration } from '../modules/analytics/value-concentration.js';
import { enqueueAnalysisRun } from '../modules/analytics/scoring/analysis-runs.js';
import { getClvOverview } from '../modules/analytics/scoring/get-clv-overview.js';
import { listChurnRisk, type RiskLevel } from '../modules/analytics/scoring/list-churn-risk.js';
import { claimAndRunAnalysis } from '../modules/analytics/scoring/run-analysis.js';
import { getScoringSettingsView, saveScoringSettings, scoringSettings } from '../modules/analytics/scoring/scoring-settings.js';
import { fieldError, pickLocale } from '../shared/errors.js';
import { systemActor } from '../modules/users/actor.js';
import { resolveStore, withStore, withStoreOptions } from './config.js';
import { action } from './errors.js';

type Flags = { dataDir?: string; databaseUrl?: string; asOf?: string; json?: boolean };

const percent = (share: number | null): string => (share === null ? '–' : `${(share * 100).toFixed(1)}%`);

/** Prints rows as aligned columns; Chinese characters count as two columns wide. */
export function printTable(header: string[], rows: string[][]): void {
  const width = (text: string) => [...text].reduce((sum, char) => sum + (/[\u3000-\u9fff\uff00-\uffef]/.test(char) ? 2 : 1), 0);
  const widths = header.map((title, column) => Math.max(width(title), ...rows.map((row) => width(row[column] ?? ''))));
  for (const row of [header, ...rows]) {
    console.log(row.map((cell, column) => (column === 0 ? cell + ' '.repeat(widths[column]! - width(cell)) : ' '.repeat(widths[column]! - width(cell)) + cell)).join('  '));
  }
}

function analysisCommand(parent: Command, name: string, description: string): Command {
  return withStoreOptions(
    parent.command(name).description(description).option('--as-of <date>', 'first day not counted (YYYY-MM-DD); default today').option('--json', 'print JSON'),
  );
}

export function registerAnalyzeCommands(program: Command): void {
  const analyze = program.command('analyze').description('Customer value analyses: RFM, 80/20, cohorts, scores, CLV, churn risk. 客户价值分析');

  analysisCommand(analyze, 'rfm', 'RFM value segments (重要价值客户 …) with counts and revenue')
    .option('--lost-after <days>', 'days without a purchase after which a customer is lost', '365')
    .action(action(async (options: Flags & { lostAfter: string }) => {
      const result = await withStore(resolveStore(options), (database) =>
        rfmSegments(database.db, systemActor, { asOf: options.asOf, lostAfterDays: Number(options.lostAfter) }));
      if (options.json) return console.log(JSON.stringify(result, null, 2));
      console.log(`RFM as of ${result.asOf}: ${result.buyers} buyers`);
      printTable(['segment', 'customers', 'share', 'revenue', 'revenue share', 'days since last', 'orders'], result.segments.map((segment) => [
        `${segment.label['zh-CN']} ${segment.label['en-US']}`, String(segment.customers), percent(segment.share), segment.revenue,
        percent(segment.revenueShare), segment.averageDaysSinceLast.toFixed(0), segment.averageOrders.toFixed(2),
      ]));
    }));

  analysisCommand(analyze, 'concentration', '80/20: Gini, top-20% shares of revenue and profit, whale curve, tiers')
    .action(action(async (options: Flags) => {
      const result = await withStore(resolveStore(options), (database) => valueConcentration(database.db, systemActor, { asOf: options.asOf }));
      if (options.json) return console.log(JSON.stringify(result, null, 2));
      console.log(`Value concentration as of ${result.asOf}: ${result.buyers} buyers, revenue ${result.revenue}, profit ${result.profit}`);
      console.log(`Gini ${result.gini?.toFixed(3) ?? '–'}; top 20% bring ${percent(result.top20RevenueShare)} of revenue and ${percent(result.top20ProfitShare)} of profit`);
      if (result.whalePeak) {
        console.log(`Whale curve: peaks at ${percent(result.whalePeak.profitShare)} of total profit after the top ${percent(result.whalePeak.customerShare)} of customers; the rest destroy ${result.destroyed}`);
      }
      printTable(['tier', 'customers', 'revenue', 'profit', 'lowest profit'], result.tiers.map((tier) => [tier.tier, String(tier.customers), tier.revenue, tier.profit, tier.minProfit ?? '–']));
    }));

  analysisCommand(analyze, 'cohorts', 'Monthly acquisition cohorts: retention by months since the first purchase')
    .option('--months <n>', 'how many recent cohorts', '12')
    .action(action(async (options: Flags & { months: string }) => {
      const result = await withStore(resolveStore(options), (database) =>
        acquisitionCohorts(database.db, systemActor, { asOf: options.asOf, months: Number(options.months) }));
      if (options.json) return console.log(JSON.stringify(result, null, 2));
      const span = Math.max(0, ...result.cohorts.map((cohort) => cohort.cells.length));
      printTable(['cohort', 'size', ...Array.from({ length: span }, (_, since) => `+${since}`)], result.cohorts.map((cohort) => [
        cohort.month, String(cohort.size), ...cohort.cells.map((cell) => percent(cell.retention)),
      ]));
    }));

  analysisCommand(analyze, 'customer', "One customer's purchase summary").argument('<id>', 'customer id')
    .action(action(async (id: string, options: Flags) => {
      const summaries = await withStore(resolveStore(options), (database) => summarizeCustomers(database.db, systemActor, { asOf: options.asOf, customerIds: [id] }));
      const summary = summaries.get(id);
      if (!summary) throw new Error(`customer ${id} has no purchases before that date (or does not exist)`);
      if (options.json) return console.log(JSON.stringify(summary, null, 2));
      printTable(['measure', 'value'], Object.entries(summary).map(([key, value]) => [key, String(value)]));
    }));

  analysisCommand(analyze, 'run', 'Score every buyer now (RFM, tiers, P(alive), CLV, churn risk), as the daily run does')
    .action(action(async (options: Flags) => {
      const run = await withStore(resolveStore(options), async (database) => {
        const queued = await enqueueAnalysisRun(database.db, systemActor, { asOf: options.asOf });
        const log = options.json ? undefined : (line: string) => console.error(line);
        return (await claimAndRunAnalysis(database, { runId: queued.id, log })) ?? queued;
      });
      if (options.json) return console.log(JSON.stringify(run, null, 2));
      if (run.status === 'failed') throw new Error(run.error?.messages['en-US'] ?? 'the analysis run failed');
      if (run.status !== 'done') return console.log(`run ${run.id} is ${run.status} (another process is working on a run; it will follow)`);
      const totals = run.totals as { buyers: number; high: number; medium: number; low: number; totalClv: string };
      const fits = run.fits as { purchaseModel: string; bgNbd: { status: string; params: Record<string, number> | null } };
      console.log(`run ${run.id} as of ${run.asOf}: ${totals.buyers} buyers scored; risk high ${totals.high}, medium ${totals.medium}, low ${totals.low}; total CLV ${totals.totalClv}`);
      console.log(`purchase model ${fits.purchaseModel} (BG/NBD ${fits.bgNbd.status}${fits.bgNbd.params ? ': ' + Object.entries(fits.bgNbd.params).map(([k, v]) => `${k}=${v.toPrecision(4)}`).join(' ') : ''})`);
    }));

  withStoreOptions(analyze.command('churn').description('Customers at risk of churning, highest risk first, with the reasons')
    .option('--level <levels>', 'comma-separated risk levels', 'high,medium').option('--limit <n>', 'how many', '50').option('--json', 'print JSON'))
    .action(action(async (options: Flags & { level: string; limit: string }) => {
      const locale = pickLocale(process.env.LANG?.replace('_', '-'));
      const result = await withStore(resolveStore(options), (database) =>
        listChurnRisk(database.db, systemActor, { levels: options.level.split(',').map((level) => level.trim()) as RiskLevel[], limit: Number(options.limit) }, locale));
      if (options.json) return console.log(JSON.stringify(result, null, 2));
      console.log(`churn risk as of ${result.asOf ?? '– (no analysis run yet: weixi analyze run)'}: ${result.total} customers`);
      printTable(['customer', 'risk', 'level', 'P(alive)', 'CLV', 'reasons'], result.items.map((item) => [
        item.name, item.riskScore.toFixed(2), item.riskLevel, item.pAlive.toFixed(2), item.clv, item.reasons.map((reason) => reason.label).join('、'),
      ]));
    }));

  withStoreOptions(analyze.command('settings').description('Show or change the analysis thresholds (churn risk levels, P(alive), spend drop, no contact, CLV); the next run uses them')
    .option('--set <key=value>', 'change a threshold, e.g. --set highRisk=0.8 (repeatable)', (item: string, all: string[]) => [...all, item], [] as string[])
    .option('--json', 'print JSON'))
    .action(action(async (options: Flags & { set: string[] }) => {
      const changes = Object.fromEntries(options.set.map((item) => {
        const at = item.indexOf('=');
        if (at <= 0) throw fieldError(item, 'invalid_format', { 'zh-CN': '应写成 键=值，如 highRisk=0.8', 'en-US': 'must be key=value, e.g. highRisk=0.8' });
        const [key, text] = [item.slice(0, at).trim(), item.slice(at + 1).trim()];
        // Every threshold is a number; an unknown key is left to the schema, which names it.
        if ((text === '' || !Number.isFinite(Number(text))) && key in scoringSettings.shape) {
          throw fieldError(key, 'invalid_type', { 'zh-CN': `应为数字，而不是“${text}”`, 'en-US': `must be a number, not "${text}"` });
        }
        return [key, Number(text)];
      }));
      const view = await withStore(resolveStore(options), (database) =>
        options.set.length > 0 ? saveScoringSettings(database.db, systemActor, changes) : getScoringSettingsView(database.db));
      if (options.json) return console.log(JSON.stringify(view, null, 2));
      printTable(['setting', 'value', 'default'], Object.entries(view.values).map(([key, value]) => {
        const fallback = view.defaults[key as keyof typeof view.defaults];
        return [`${value === fallback ? ' ' : '*'} ${key}`, String(value), String(fallback)];
      }));
      if (options.set.length > 0) console.log('saved; the next analysis run uses these (weixi analyze run, or the daily run)');
    }));

  withStoreOptions(analyze.command('clv').description('Customer lifetime value: model fits, total and distribution').option('--json', 'print JSON'))
    .action(action(async (options: Flags) => {
      const result = await withStore(resolveStore(options), (database) => getClvOverview(database.db, systemActor));
      if (options.json) return console.log(JSON.stringify(result, null, 2));
      if (!result.runId) return console.log('no analysis run yet: weixi analyze run');
      console.log(`CLV as of ${result.asOf} over ${result.horizonMonths} months at ${((result.discountRate ?? 0) * 100).toFixed(1)}%/year: ${result.customers} customers, total ${result.totalClv}`);
      for (const [name, fit] of Object.entries(result.fits ?? {})) {
        if (fit) console.log(`${name}: ${fit.status}, log-likelihood ${fit.logLikelihood.toFixed(1)}${fit.params ? ', ' + Object.entries(fit.params).map(([k, v]) => `${k}=${v.toPrecision(4)}`).join(' ') : ''}`);
      }
      printTable(['CLV from', 'to', 'customers'], result.distribution.map((bucket) => [String(bucket.from), String(bucket.to), String(bucket.customers)]));
    }));
}

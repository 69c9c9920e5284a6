import type { Command } from 'commander';
import { fitModelFile, parseModelName, predictFromModelFile, readGivenParams, type Prediction } from '../modules/analytics/model-files/model-file-tasks.js';
import type { ModelSummary } from '../modules/analytics/models/index.js';
import { AppError, type Locale } from '../shared/errors.js';
import { printTable } from './analyze-commands.js';
import { action, cliLocale } from './errors.js';

type LangFlag = { lang?: string };
type FitFlags = LangFlag & { input: string; json?: boolean };
type PredictFlags = FitFlags & { horizon?: string; discountRate: string; periodLength?: string; margin: string; params?: string; spendParams?: string };

/** --lang zh|en overrides LANG for this command (messages and the readable table). */
function applyLang(flags: LangFlag): Locale {
  if (flags.lang !== undefined) {
    const lang = flags.lang.toLowerCase();
    if (!lang.startsWith('zh') && !lang.startsWith('en')) {
      throw new AppError('invalid_option', { 'zh-CN': `--lang：应为 zh 或 en，而不是“${flags.lang}”`, 'en-US': `--lang: use zh or en, not "${flags.lang}"` });
    }
    process.env.WEIXI_LANG = lang.startsWith('en') ? 'en-US' : 'zh-CN';
  }
  return cliLocale();
}

function number(option: string, text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const value = Number(text);
  if (text.trim() === '' || !Number.isFinite(value)) {
    throw new AppError('invalid_option', { 'zh-CN': `${option}：“${text}”不是数字`, 'en-US': `${option}: "${text}" is not a number` });
  }
  return value;
}

const STATUS: Record<string, [string, string]> = {
  converged: ['已收敛', 'converged'],
  not_converged: ['未收敛', 'not converged'],
  not_identified: ['参数不可识别（极限模型）', 'not identified (limiting model)'],
  degenerate: ['数据不足（使用兜底规则）', 'degenerate (fallback used)'],
};

function printFit(summary: ModelSummary, locale: Locale): void {
  const zh = locale === 'zh-CN';
  const status = STATUS[summary.status] ?? [summary.status, summary.status];
  console.log(`${zh ? '模型' : 'model'} ${summary.model}: ${zh ? status[0] : status[1]} (${summary.status}); ${zh ? '客户' : 'customers'} ${summary.customers}`);
  if (summary.params) {
    printTable([zh ? '参数' : 'parameter', zh ? '估计值' : 'estimate', zh ? '标准误' : 'std. error'], Object.entries(summary.params).map(([name, value]) => [
      name, value.toPrecision(6), summary.standardErrors?.[name]?.toPrecision(3) ?? '–',
    ]));
  }
  console.log(`${zh ? '对数似然' : 'log-likelihood'} ${summary.logLikelihood.toFixed(2)}`);
  for (const note of summary.notes) console.log(`  ${note.code}: ${note.messages[locale]}`);
}

function csvCell(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function printPrediction(prediction: Prediction, json: boolean): void {
  // `… | head` closes the pipe early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    throw error;
  });
  if (json) {
    const rows = prediction.rows.map((row) => Object.fromEntries(prediction.columns.map((column, i) => [column, row[i] ?? null])));
    console.log(JSON.stringify({ model: prediction.model, fits: prediction.fits, rows }, null, 2));
    return;
  }
  const lines = [prediction.columns.join(','), ...prediction.rows.map((row) => row.map(csvCell).join(','))];
  process.stdout.write(`${lines.join('\n')}\n`);
}

function modelCommand(parent: Command, name: string, description: string): Command {
  return parent.command(name).description(description)
    .argument('<model>', 'bgnbd | pareto-nbd | gamma-gamma | sbg')
    .requiredOption('-i, --input <file>', 'CSV with a header: frequency,recency,T (or x,t_x,T) [+count]; x,zbar (or frequency,monetary_value); sBG: one column of active customers per period')
    .option('--json', 'print JSON')
    .option('--lang <zh|en>', 'language of messages (default from LANG)');
}

export function registerModelCommands(program: Command): void {
  const model = program.command('model').description('Fit BG/NBD, Pareto/NBD, Gamma-Gamma or sBG to a summary file and predict. 客户模型工具');

  modelCommand(model, 'fit', 'Fit a model: parameters, log-likelihood and fit status')
    .action(action(async (name: string, flags: FitFlags) => {
      const locale = applyLang(flags);
      const summary = await fitModelFile(parseModelName(name), flags.input);
      if (flags.json) return console.log(JSON.stringify(summary, null, 2));
      printFit(summary, locale);
    }));

  modelCommand(model, 'predict', 'Per-customer predictions (P(alive), expected purchases, expected AOV, CLV) or, for sBG, retention by period, as CSV or JSON')
    .option('--horizon <t>', 'time ahead in the file\'s time unit (sBG: periods ahead)')
    .option('--discount-rate <d>', 'discount rate per period (CLV; sBG DERL needs > 0)', '0')
    .option('--period-length <l>', 'CLV period length in the file\'s time unit (default: the whole horizon)')
    .option('--margin <m>', 'share of spend kept as profit in the CLV', '1')
    .option('--params <json|file>', 'use these parameters (JSON or the output of model fit --json) instead of fitting')
    .option('--spend-params <json|file>', 'Gamma-Gamma parameters for the expected order value and CLV instead of fitting')
    .action(action(async (name: string, flags: PredictFlags) => {
      applyLang(flags);
      const kind = parseModelName(name);
      const prediction = await predictFromModelFile(kind, flags.input, {
        horizon: number('--horizon', flags.horizon),
        discountRate: number('--discount-rate', flags.discountRate)!,
        periodLength: number('--period-length', flags.periodLength),
        margin: number('--margin', flags.margin)!,
        params: flags.params === undefined ? undefined : await readGivenParams(kind, '--params', flags.params),
        spendParams: flags.spendParams === undefined ? undefined : await readGivenParams('gamma-gamma', '--spend-params', flags.spendParams),
      });
      printPrediction(prediction, flags.json === true);
    }));
}

/**
 * What `weixi model fit` and `weixi model predict` do with a summary file: fit one of the
 * four models (src/modules/analytics/models) and, for predict, turn the fit into one row of
 * predictions per customer (or, for sBG, per period). Units are the file's: times in
 * whatever unit t_x and T use, money in zbar's unit, discount rates per period.
 */
import { readFile } from 'node:fs/promises';
import { AppError } from '../../../shared/errors.js';
import {
  bgNbdPredictor, customerLifetimeValue, fitBgNbd, fitGammaGamma, fitParetoNbd, fitSbg, gammaGammaPredictor, modelSummary,
  paretoNbdPredictor, sbgPredictor, type BgNbdParams, type BgNbdPredictor, type GammaGammaFit, type ModelSummary, type ParetoNbdParams,
  type ParetoNbdPredictor,
} from '../models/index.js';
import { purchaseRows, readTable, spendRows, survivorColumns, type ModelFileKind, type PurchaseRow } from './read-model-file.js';

export const MODEL_NAMES: readonly ModelFileKind[] = ['bgnbd', 'pareto-nbd', 'gamma-gamma', 'sbg'];
const PARAM_NAMES: Record<ModelFileKind, string[]> = {
  bgnbd: ['r', 'alpha', 'a', 'b'], 'pareto-nbd': ['r', 'alpha', 's', 'beta'], 'gamma-gamma': ['p', 'q', 'gamma'], sbg: ['alpha', 'beta'],
};

function optionError(option: string, zh: string, en: string): AppError {
  return new AppError('invalid_option', { 'zh-CN': `${option}：${zh}`, 'en-US': `${option}: ${en}` }, { option });
}

export function parseModelName(name: string): ModelFileKind {
  if ((MODEL_NAMES as readonly string[]).includes(name)) return name as ModelFileKind;
  throw optionError('model', `未知模型“${name}”，可选：${MODEL_NAMES.join(', ')}`, `unknown model "${name}"; use one of ${MODEL_NAMES.join(', ')}`);
}

const groupsOf = (rows: PurchaseRow[]) => rows.map(({ x, tx, T, count }) => ({ x, tx, T, count }));

/** The summary printed for parameters given on the command line rather than fitted. */
function givenSummary(model: ModelFileKind, params: Record<string, number>): ModelSummary {
  const given = { code: 'params_given', messages: { 'zh-CN': '参数由命令行给出，未在此文件上拟合；对数似然未计算', 'en-US': 'parameters given on the command line, not fitted to this file; no log-likelihood computed' } };
  return { model, params, standardErrors: null, logLikelihood: 0, status: 'converged', customers: 0, notes: [given] };
}

/** Fits the model to the file and returns the compact summary (params named as in the literature). */
export async function fitModelFile(model: ModelFileKind, path: string): Promise<ModelSummary> {
  const table = await readTable(path);
  if (model === 'sbg') return modelSummary(fitSbg(survivorColumns(table)));
  if (model === 'gamma-gamma') return modelSummary(fitGammaGamma(spendRows(table)));
  const rows = groupsOf(purchaseRows(table));
  return model === 'bgnbd' ? modelSummary(fitBgNbd(rows)) : modelSummary(fitParetoNbd(rows));
}

/** Parameters given on the command line: JSON text or a JSON file, either the params or a whole `fit --json` output. */
export async function readGivenParams(model: ModelFileKind, option: string, given: string): Promise<Record<string, number>> {
  let text = given.trim();
  if (!text.startsWith('{')) {
    try {
      text = await readFile(given, 'utf8');
    } catch {
      throw optionError(option, '既不是 JSON 也不是可读取的文件', 'is neither JSON nor a readable file');
    }
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw optionError(option, '不是有效的 JSON', 'is not valid JSON');
  }
  const object = (parsed && typeof parsed === 'object' && 'params' in parsed ? (parsed as { params: unknown }).params : parsed) as Record<string, unknown> | null;
  const params: Record<string, number> = {};
  for (const name of PARAM_NAMES[model]) {
    const value = object?.[name];
    if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) {
      throw optionError(option, `需要参数 ${PARAM_NAMES[model].join(', ')}，且都是正数（${name} 不是）`,
        `needs ${PARAM_NAMES[model].join(', ')} as positive numbers (${name} is not)`);
    }
    params[name] = value;
  }
  return params;
}

export type PredictOptions = {
  /** Time ahead (file's time unit) for expected purchases; periods ahead for sBG. */
  horizon?: number;
  /** Per period of length periodLength (CLV) or per renewal period (sBG DERL). */
  discountRate: number;
  /** CLV period length in the file's time unit; default: the whole horizon is one period. */
  periodLength?: number;
  margin: number;
  params?: Record<string, number>;
  spendParams?: Record<string, number>;
};

export type Prediction = { model: ModelFileKind; fits: ModelSummary[]; columns: string[]; rows: (string | number | null)[][] };

const round = (value: number, digits = 6) => Number(value.toFixed(digits));

function requireHorizon(options: PredictOptions): number {
  const horizon = options.horizon;
  if (horizon === undefined || !(horizon > 0) || !Number.isFinite(horizon)) {
    throw optionError('--horizon', '预测需要一个大于 0 的时长（与文件的时间单位相同）', 'predictions need a horizon > 0 (in the file\'s time unit)');
  }
  return horizon;
}

/** Per-customer (or per-period) predictions from a file; fits on the same file unless params are given. */
export async function predictFromModelFile(model: ModelFileKind, path: string, options: PredictOptions): Promise<Prediction> {
  const table = await readTable(path);
  if (model === 'sbg') return predictSbg(survivorColumns(table), table.header, options);
  if (model === 'gamma-gamma') {
    const rows = spendRows(table);
    const { predictor, summary } = spendModel(rows, options.spendParams ?? options.params);
    return {
      model, fits: [summary], columns: ['id', 'x', 'zbar', 'count', 'expected_aov'],
      rows: rows.map((row) => [row.id, row.x, row.zbar, row.count, round(predictor.expectedValue(row), 4)]),
    };
  }
  const horizon = requireHorizon(options);
  const rows = purchaseRows(table);
  let fits: ModelSummary[];
  let purchases: BgNbdPredictor | ParetoNbdPredictor;
  if (options.params) {
    const given = { params: options.params, fallbackRate: 0 };
    purchases = model === 'bgnbd' ? bgNbdPredictor(given as { params: BgNbdParams; fallbackRate: number }) : paretoNbdPredictor(given as { params: ParetoNbdParams; fallbackRate: number });
    fits = [givenSummary(model, options.params)];
  } else {
    if (model === 'bgnbd') {
      const fit = fitBgNbd(groupsOf(rows));
      purchases = bgNbdPredictor(fit);
      fits = [modelSummary(fit)];
    } else {
      const fit = fitParetoNbd(groupsOf(rows));
      purchases = paretoNbdPredictor(fit);
      fits = [modelSummary(fit)];
    }
  }
  const withSpend = rows.every((row) => row.zbar !== null);
  const spend = withSpend ? spendModel(rows.map((row) => ({ x: row.x, zbar: row.zbar!, count: row.count })), options.spendParams) : null;
  if (spend) fits.push(spend.summary);
  const periodLength = options.periodLength ?? horizon;
  const periods = Math.round(horizon / periodLength);
  if (!(periodLength > 0) || periods < 1 || Math.abs(periods * periodLength - horizon) > 1e-9 * horizon) {
    throw optionError('--period-length', '预测时长必须是每期长度的整数倍', 'the horizon must be a whole number of periods');
  }
  const columns = ['id', 'x', 't_x', 'T', 'p_alive', 'expected_purchases', ...(spend ? ['expected_aov', 'clv'] : [])];
  const out = rows.map((row) => {
    const customer = { x: row.x, tx: row.tx, T: row.T };
    const expected = purchases.expectedPurchases(customer, horizon);
    const base: (string | number)[] = [row.id, row.x, row.tx, row.T, round(purchases.probabilityAlive(customer)), round(expected)];
    if (!spend) return base;
    const value = spend.predictor.expectedValue({ x: row.x, zbar: row.zbar! });
    const clv = customerLifetimeValue({
      expectedPurchases: purchases.expectedPurchases, customer, expectedValue: value,
      horizon: { periods, periodLength, discountRate: options.discountRate, margin: options.margin },
    });
    return [...base, round(value, 4), round(clv.value, 4)];
  });
  return { model, fits, columns, rows: out };
}

function spendModel(rows: { x: number; zbar: number; count: number }[], given?: Record<string, number>): { predictor: ReturnType<typeof gammaGammaPredictor>; summary: ModelSummary } {
  if (given) {
    const fit = { params: given as GammaGammaFit['params'], fallbackMean: 0 };
    return { predictor: gammaGammaPredictor(fit), summary: givenSummary('gamma-gamma', given) };
  }
  const fit = fitGammaGamma(rows);
  return { predictor: gammaGammaPredictor(fit), summary: modelSummary(fit) };
}

function predictSbg(cohorts: number[][], names: string[], options: PredictOptions): Prediction {
  const horizon = requireHorizon(options);
  if (!Number.isInteger(horizon)) throw optionError('--horizon', 'sBG 的预测期数必须是整数', 'for sBG the horizon is a whole number of periods');
  const fit = options.params ? { params: options.params as { alpha: number; beta: number }, fallbackChurn: 0 } : fitSbg(cohorts);
  const summary = 'model' in fit ? modelSummary(fit) : givenSummary('sbg', options.params!);
  const predictor = sbgPredictor(fit);
  const lastPeriod = Math.max(horizon, ...cohorts.map((cohort) => cohort.length - 1));
  const survival = predictor.survivalCurve(lastPeriod);
  const projections = cohorts.map((cohort) => {
    const age = cohort.length - 1;
    return { cohort, age, ahead: predictor.projectCohort(cohort[age]!, age, lastPeriod - age) };
  });
  const columns = ['period', 'survival', 'renewal_probability', 'derl', ...names.flatMap((name) => [`actual_${name}`, `projected_${name}`])];
  const rows: (string | number | null)[][] = [];
  for (let t = 0; t <= lastPeriod; t++) {
    const derl = t >= 1 && options.discountRate > 0 ? round(predictor.discountedResidualLifetime(t, options.discountRate), 4) : null;
    const cells: (number | null)[] = [t, round(survival[t]!), t >= 1 ? round(predictor.renewalProbability(t)) : null, derl];
    for (const { cohort, age, ahead } of projections) {
      cells.push(t <= age ? cohort[t]! : null, round(t <= age ? cohort[0]! * survival[t]! : ahead[t - age - 1]!, 2));
    }
    rows.push(cells);
  }
  return { model: 'sbg', fits: [summary], columns, rows };
}

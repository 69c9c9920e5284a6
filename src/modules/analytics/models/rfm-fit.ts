/**
 * The fitting recipe BG/NBD and Pareto/NBD share: rescale times to the mean T, compress,
 * stop early on degenerate data, maximise in log-parameters, then report the parameters and
 * the log-likelihood in the caller's time unit.
 */
import { fitByMaximumLikelihood, type ModelFit } from './fit-result.js';
import { degenerateRfmFit, pooledRate } from './rfm-degenerate.js';
import { buildRfmTable, meanObservationTime, type RfmGroup, type RfmTable } from './rfm-table.js';

export type RfmModelSpec<P extends Record<string, number>> = {
  model: 'bgnbd' | 'pareto-nbd';
  /** Parameter names in the order of the log-parameter vector. */
  names: ReadonlyArray<keyof P & string>;
  /** Parameters measured in time units (scale parameters). */
  timeScaled: ReadonlyArray<keyof P & string>;
  /** Log-likelihood on the table; fills ∂/∂(log-parameters) into grad when supported and given. */
  logLikelihood: (table: RfmTable, params: P, grad?: Float64Array) => number;
  analyticGradient: boolean;
  starts: ReadonlyArray<ReadonlyArray<number>>;
};

export type RfmModelFit<P extends Record<string, number>> = ModelFit<P> & {
  /** Pooled purchase rate Σx / ΣT, used for predictions when the fit is degenerate. */
  fallbackRate: number;
};

export function fitRfmModel<P extends Record<string, number>>(rows: ReadonlyArray<RfmGroup>, spec: RfmModelSpec<P>): RfmModelFit<P> {
  const scale = meanObservationTime(rows);
  const table = buildRfmTable(rows, scale);
  const base = { model: spec.model, customers: table.customers, groups: table.size, fallbackRate: pooledRate(table) };
  const degenerate = degenerateRfmFit(table);
  if (degenerate) return { ...base, ...degenerate };
  const fromLog = (v: Float64Array) => Object.fromEntries(spec.names.map((name, i) => [name, Math.exp(v[i]!)])) as P;
  const unitScale = Object.fromEntries(spec.timeScaled.map((name) => [name, scale])) as Partial<Record<keyof P & string, number>>;
  const fit = fitByMaximumLikelihood<P>({
    names: spec.names,
    f: (v) => spec.logLikelihood(table, fromLog(v)),
    fg: spec.analyticGradient ? (v, g) => spec.logLikelihood(table, fromLog(v), g) : undefined,
    starts: spec.starts,
    unitScale,
  });
  const internal = { ...fit.params } as Record<string, number>;
  for (const name of spec.timeScaled) internal[name] = internal[name]! / scale;
  // Undo the time rescaling: each repeat purchase contributes one factor of the time unit.
  const logLikelihood = spec.logLikelihood(table, internal as P) - table.repeatPurchases * Math.log(scale);
  return { ...base, ...fit, logLikelihood };
}

/**
 * What every model fit returns: parameters named as in the literature, the maximised
 * log-likelihood, standard errors, a convergence report and a status that says whether
 * the numbers can be used. Fits never throw on awkward data and never return NaN: a fit
 * that the data cannot support comes back as `not_identified` or `degenerate` with notes
 * (zh-CN and en-US) and the fallback the predictions will use.
 */
import type { Messages } from '../../../shared/errors.js';
import { logParameterCovariance } from './numerics/covariance.js';
import { maximize, type Objective, type ObjectiveWithGradient } from './numerics/maximize.js';

export type ModelName = 'bgnbd' | 'pareto-nbd' | 'gamma-gamma' | 'sbg';

/**
 * converged: interior maximum, gradient at tolerance, information matrix invertible.
 * not_converged: the optimiser stopped early; parameters are the best found (usable, check).
 * not_identified: a parameter ran to the edge of its range or the likelihood is flat in some
 *   direction; the parameters describe a limiting model, predictions stay finite.
 * degenerate: the data carry no information for this model (no customers, no repeat
 *   purchases, no observation time…); predictions use the documented fallback.
 */
export type FitStatus = 'converged' | 'not_converged' | 'not_identified' | 'degenerate';

export type FitNote = { code: string; messages: Messages };

export type ConvergenceReport = {
  converged: boolean;
  iterations: number;
  evaluations: number;
  restarts: number;
  gradientNorm: number;
  message: string;
};

export type ModelFit<P extends Record<string, number>> = {
  model: ModelName;
  status: FitStatus;
  notes: FitNote[];
  /** Named as in the literature, in the caller's units; null only when status is 'degenerate'. */
  params: P | null;
  /** Asymptotic standard errors (inverse observed information, delta method); null when not available. */
  standardErrors: P | null;
  logLikelihood: number;
  /** Customers (sum of counts) and distinct groups the fit used. */
  customers: number;
  groups: number;
  convergence: ConvergenceReport;
};

export const LOG_PARAM_LOWER = -15;
export const LOG_PARAM_UPPER = 15;

export type MaximumLikelihoodSpec<P extends Record<string, number>> = {
  names: ReadonlyArray<keyof P & string>;
  /** Log-likelihood in log-parameters (on the fit's internal scale). */
  f: Objective;
  fg?: ObjectiveWithGradient;
  starts: ReadonlyArray<ReadonlyArray<number>>;
  /** Multiplies internal-scale values back to the caller's units (per parameter). */
  unitScale?: Partial<Record<keyof P & string, number>>;
};

export type MaximumLikelihoodResult<P extends Record<string, number>> = {
  params: P;
  standardErrors: P | null;
  status: FitStatus;
  notes: FitNote[];
  convergence: ConvergenceReport;
};

/** Runs the maximiser on log-parameters and turns its report into a status with notes. */
export function fitByMaximumLikelihood<P extends Record<string, number>>(spec: MaximumLikelihoodSpec<P>): MaximumLikelihoodResult<P> {
  const run = maximize({ f: spec.f, fg: spec.fg, starts: spec.starts, lower: LOG_PARAM_LOWER, upper: LOG_PARAM_UPPER });
  const scale = (name: keyof P & string) => spec.unitScale?.[name] ?? 1;
  const params = {} as Record<string, number>;
  spec.names.forEach((name, i) => {
    params[name] = Math.exp(run.x[i]!) * scale(name);
  });
  const cov = logParameterCovariance(spec.f, spec.fg, run.x);
  let standardErrors: Record<string, number> | null = null;
  if (cov) {
    standardErrors = {};
    const n = spec.names.length;
    spec.names.forEach((name, i) => {
      standardErrors![name] = params[name]! * Math.sqrt(Math.max(0, cov[i * n + i]!));
    });
  }
  const notes: FitNote[] = [];
  let status: FitStatus = run.converged ? 'converged' : 'not_converged';
  if (run.atBound.length > 0) {
    const which = run.atBound.map((i) => spec.names[i]).join(', ');
    notes.push(note('parameter_at_bound',
      `参数 ${which} 趋于边界（趋近 0 或无穷大），数据不足以确定该参数；结果为极限模型`,
      `Parameter ${which} ran to the edge of its range (towards 0 or infinity): the data do not determine it; the result is a limiting model`));
    status = 'not_identified';
  } else if (!cov) {
    notes.push(note('flat_likelihood',
      '似然函数在某个方向上是平的，参数无法唯一确定',
      'The likelihood is flat in some direction: the parameters are not uniquely determined'));
    status = 'not_identified';
  }
  if (!run.converged) {
    notes.push(note('not_converged', `优化未收敛：${run.message}`, `The optimiser did not converge: ${run.message}`));
  }
  return {
    params: params as P,
    standardErrors: standardErrors as P | null,
    status,
    notes,
    convergence: {
      converged: run.converged, iterations: run.iterations, evaluations: run.evaluations, restarts: run.restarts,
      gradientNorm: run.gradientNorm, message: run.message,
    },
  };
}

export function note(code: string, zh: string, en: string): FitNote {
  return { code, messages: { 'zh-CN': zh, 'en-US': en } };
}

export const NO_OPTIMISATION: ConvergenceReport = {
  converged: false, iterations: 0, evaluations: 0, restarts: 0, gradientNorm: 0, message: 'not run: degenerate data',
};

/** Replaces a non-finite model output by the fallback value, so callers never see NaN/Infinity. */
export function finiteOr(value: number, fallback: number): number {
  return Number.isFinite(value) ? value : fallback;
}

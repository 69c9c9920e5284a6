/**
 * The compact form of a fit that `weixi model fit --json` and the API print:
 * {"model", "params": {…named as in the literature}, "logLikelihood", "status"} plus the
 * standard errors and notes. Degenerate fits have params null.
 */
import type { FitNote, FitStatus, ModelFit, ModelName } from './fit-result.js';

export type ModelSummary = {
  model: ModelName;
  params: Record<string, number> | null;
  standardErrors: Record<string, number> | null;
  logLikelihood: number;
  status: FitStatus;
  customers: number;
  notes: FitNote[];
};

export function modelSummary<P extends Record<string, number>>(fit: ModelFit<P>): ModelSummary {
  return {
    model: fit.model,
    params: fit.params ? { ...fit.params } : null,
    standardErrors: fit.standardErrors ? { ...fit.standardErrors } : null,
    logLikelihood: fit.logLikelihood,
    status: fit.status,
    customers: fit.customers,
    notes: fit.notes,
  };
}

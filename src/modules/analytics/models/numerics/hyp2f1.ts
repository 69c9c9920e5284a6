/**
 * Gauss hypergeometric function 2F1(a, b; c; z) for the real arguments the models use:
 * c > 0, z < 1. The power series converges for |z| < 1; negative z is first moved into
 * (0, 1/2] by Pfaff's transformation 2F1(a,b;c;z) = (1−z)^(−a) 2F1(a, c−b; c; z/(z−1)),
 * so the series always runs on a non-negative argument.
 *
 * The terms are summed in a running scale: when a partial sum grows past 1e250 it is
 * rescaled and the exponent is carried separately, so large shapes (a customer with
 * thousands of purchases) cannot overflow. The result is returned as a natural log with
 * a sign, and a flag says whether the series met the tolerance within the term budget.
 */

export type Hyp2f1Result = {
  /** ln |2F1| (−Infinity when the value is 0). */
  logAbs: number;
  sign: 1 | -1 | 0;
  converged: boolean;
  terms: number;
};

const RESCALE_AT = 1e250;
const DEFAULT_MAX_TERMS = 200_000;
const TOLERANCE = 1e-16;

export function hyp2f1Log(a: number, b: number, c: number, z: number, maxTerms = DEFAULT_MAX_TERMS): Hyp2f1Result {
  if (!(c > 0) || !(z < 1) || !Number.isFinite(a) || !Number.isFinite(b) || !Number.isFinite(z)) {
    return { logAbs: Number.NaN, sign: 0, converged: false, terms: 0 };
  }
  if (z < 0) {
    const inner = seriesLog(a, c - b, c, z / (z - 1), maxTerms);
    return { ...inner, logAbs: inner.logAbs - a * Math.log1p(-z) };
  }
  return seriesLog(a, b, c, z, maxTerms);
}

/** 2F1 as a plain number (may be ±Infinity only when the true value overflows a double). */
export function hyp2f1(a: number, b: number, c: number, z: number, maxTerms = DEFAULT_MAX_TERMS): number {
  const result = hyp2f1Log(a, b, c, z, maxTerms);
  return result.sign * Math.exp(result.logAbs);
}

function seriesLog(a: number, b: number, c: number, z: number, maxTerms: number): Hyp2f1Result {
  let term = 1;
  let sum = 1;
  let logScale = 0;
  let n = 0;
  let converged = false;
  while (n < maxTerms) {
    const ratio = ((a + n) * (b + n)) / ((c + n) * (n + 1)) * z;
    term *= ratio;
    n++;
    sum += term;
    if (term === 0) {
      converged = true;
      break;
    }
    const abs = Math.abs(sum);
    if (abs > RESCALE_AT) {
      sum /= RESCALE_AT;
      term /= RESCALE_AT;
      logScale += Math.log(RESCALE_AT);
    }
    // Past the peak the ratio tends to z monotonically (from above or below), so the
    // larger of the two bounds every later ratio and the tail is a geometric series.
    const rmax = Math.max(Math.abs(ratio), z);
    if (rmax < 1 && a + n > 0 && b + n > 0) {
      const bound = (Math.abs(term) * rmax) / (1 - rmax);
      if (bound <= TOLERANCE * Math.abs(sum)) {
        converged = true;
        break;
      }
    }
  }
  if (sum === 0) return { logAbs: Number.NEGATIVE_INFINITY, sign: 0, converged, terms: n };
  return { logAbs: Math.log(Math.abs(sum)) + logScale, sign: sum > 0 ? 1 : -1, converged, terms: n };
}

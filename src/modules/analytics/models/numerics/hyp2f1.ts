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
import { logGamma } from './special.js';

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

/**
 * ln 2F1(a, b; a+1; z) for a > 0, 0 <= z < 1 — the form in the Pareto/NBD likelihood — via
 * Euler's transformation (below). Near z = 1 a power series in z can need ~1/(1−z) terms; when
 * it does not finish in 2000 terms we use the 1−z connection
 * formula (Abramowitz & Stegun 15.3.6), which for c = a+1 simplifies because
 * 2F1(a, b; b; 1−z) = z^(−a):
 *   2F1 = Γ(a+1)Γ(1−b)/Γ(a+1−b) · z^(−a)  +  a/(b−1) · (1−z)^(1−b) · 2F1(1, a+1−b; 2−b; 1−z).
 * Both terms have poles at integer b that cancel; near one we extrapolate from b ± δ, b ± 2δ.
 */
export function hyp2f1ShiftedLog(a: number, b: number, z: number): Hyp2f1Result {
  if (!(a + 1 - b > 0) || z < 0) return hyp2f1Log(a, b, a + 1, z);
  // Euler: 2F1(a, b; a+1; z) = (1−z)^(1−b) · 2F1(1, a+1−b; a+1; z). The new series has
  // positive terms with ratio (a+1−b+n)/(a+1+n)·z < z, however large a and b are (the plain
  // series first climbs for ~b·z terms, millions when b is in the millions). It is slow only
  // when z is near 1 and b is small next to a — then the connection formula below is used.
  const e = seriesLog(1, a + 1 - b, a + 1, z, z <= 0.9 ? DEFAULT_MAX_TERMS : 2000);
  if (e.converged || z <= 0.9) return { ...e, logAbs: e.logAbs + (1 - b) * Math.log1p(-z) };
  const nearest = Math.round(b);
  if (Math.abs(b - nearest) < 5e-4) {
    // Symmetric pairs at δ and 2δ around b, combined by Richardson extrapolation so the
    // O(δ²) bias cancels; δ = 5e−4 keeps the pole cancellation error near 1e−9.
    const d = 5e-4;
    const at = [b - d, b + d, b - 2 * d, b + 2 * d].map((bb) => connectionLog(a, bb, z));
    const m = Math.max(...at.map((r) => r.logAbs));
    const v = at.map((r) => r.sign * Math.exp(r.logAbs - m));
    const value = (4 * (v[0]! + v[1]!) - (v[2]! + v[3]!)) / 6;
    return {
      logAbs: m + Math.log(Math.abs(value)), sign: value > 0 ? 1 : value < 0 ? -1 : 0,
      converged: at.every((r) => r.converged), terms: at.reduce((t, r) => t + r.terms, 0),
    };
  }
  return connectionLog(a, b, z);
}

function connectionLog(a: number, b: number, z: number): Hyp2f1Result {
  const g1 = signedLogGamma(1 - b);
  const g2 = signedLogGamma(a + 1 - b);
  const first = { logAbs: logGamma(a + 1) + g1.logAbs - g2.logAbs - a * Math.log(z), sign: g1.sign * g2.sign };
  const s = seriesLog(1, a + 1 - b, 2 - b, 1 - z, DEFAULT_MAX_TERMS);
  const second = {
    logAbs: Math.log(a) - Math.log(Math.abs(b - 1)) + (1 - b) * Math.log1p(-z) + s.logAbs,
    sign: Math.sign(b - 1) * s.sign,
  };
  // Signed log-sum of the two terms.
  const [big, small] = first.logAbs >= second.logAbs ? [first, second] : [second, first];
  if (big.sign === 0) return { logAbs: Number.NEGATIVE_INFINITY, sign: 0, converged: s.converged, terms: s.terms };
  const ratio = small.sign * big.sign * Math.exp(small.logAbs - big.logAbs);
  const total = 1 + ratio;
  return { logAbs: big.logAbs + Math.log(Math.abs(total)), sign: (big.sign * Math.sign(total)) as 1 | -1 | 0, converged: s.converged, terms: s.terms };
}

/** ln |Γ(y)| and the sign of Γ(y), for any real y that is not a pole. */
function signedLogGamma(y: number): { logAbs: number; sign: 1 | -1 } {
  if (y > 0) return { logAbs: logGamma(y), sign: 1 };
  // Reflection: Γ(y) = π / (sin(πy) Γ(1−y)).
  const sin = Math.sin(Math.PI * y);
  return { logAbs: Math.log(Math.PI) - Math.log(Math.abs(sin)) - logGamma(1 - y), sign: sin > 0 ? 1 : -1 };
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
    const rmax = Math.max(Math.abs(ratio), Math.abs(z));
    if (rmax < 1 && a + n > 0 && b + n > 0 && c + n > 0) {
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

/**
 * Bounded maximiser for smooth log-likelihoods of a few parameters (work on log-parameters,
 * so the box is just a guard against running off to 0 or infinity). Quasi-Newton BFGS with a
 * backtracking line search; gradients analytic when given, central differences otherwise.
 * Each start is polished by a second BFGS pass from its end point (fresh curvature), and a
 * Nelder–Mead pass takes over when BFGS cannot make progress (non-finite gradients, flat
 * ridges). The best of all starts is returned with a convergence report.
 */
import { nelderMead } from './nelder-mead.js';

export type Objective = (x: Float64Array) => number;
/** Writes ∂f/∂x into grad and returns f(x). */
export type ObjectiveWithGradient = (x: Float64Array, grad: Float64Array) => number;

export type MaximizeOptions = {
  f: Objective;
  fg?: ObjectiveWithGradient;
  starts: ReadonlyArray<ArrayLike<number>>;
  lower: number;
  upper: number;
  maxIterations?: number;
  /** Converged when max |∂f/∂x_i| <= gradientTolerance · (1 + |f|). */
  gradientTolerance?: number;
};

export type MaximizeResult = {
  x: Float64Array;
  value: number;
  converged: boolean;
  iterations: number;
  evaluations: number;
  restarts: number;
  gradientNorm: number;
  /** Indices of coordinates that ended within 1e-3 of the box. */
  atBound: number[];
  message: string;
};

export function maximize(options: MaximizeOptions): MaximizeResult {
  const counter = { evaluations: 0 };
  const fg = withGradient(options, counter);
  // With numeric gradients a trial point of the line search needs only f; the gradient is
  // taken once a point is accepted. With an analytic gradient both come together cheaply.
  const probe: Objective | null = options.fg ? null : wrapCount(options.f, counter);
  let best: MaximizeResult | null = null;
  let restarts = 0;
  for (const start of options.starts) {
    const x0 = clampInto(Float64Array.from(start), options.lower, options.upper);
    let run = bfgs(fg, probe, x0, options);
    let iterations = run.iterations;
    if (!run.converged || !Number.isFinite(run.value)) {
      const nm = nelderMead(wrapCount(options.f, counter), run.x, options.lower, options.upper, 600);
      run = bfgs(fg, probe, nm.x, options);
      iterations += nm.iterations + run.iterations;
    }
    if (!run.converged) {
      // A fresh pass from the end point catches stalls caused by a stale curvature estimate.
      const polished = bfgs(fg, probe, run.x, options);
      iterations += polished.iterations;
      if (polished.value > run.value || (polished.converged && polished.value >= run.value)) run = polished;
    }
    const candidate = report({ ...run, iterations }, options, counter.evaluations, restarts);
    if (!best || better(candidate, best)) best = candidate;
    restarts++;
    // Further starts are only needed when this one did not end at an interior optimum.
    if (best.converged && best.atBound.length === 0) break;
  }
  if (!best) throw new Error('maximize: no starting point');
  return { ...best, restarts: restarts - 1, evaluations: counter.evaluations };
}

type Run = { x: Float64Array; value: number; grad: Float64Array; iterations: number; converged: boolean; message: string };

function bfgs(fg: ObjectiveWithGradient, probe: Objective | null, start: Float64Array, options: MaximizeOptions): Run {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 200;
  const tol = options.gradientTolerance ?? 1e-9;
  let x = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = fg(x, grad);
  if (!Number.isFinite(value)) return { x, value: Number.NEGATIVE_INFINITY, grad, iterations: 0, converged: false, message: 'non-finite log-likelihood at start' };
  // Inverse Hessian of −f, started as a scaled identity.
  const h = identity(n, 1 / Math.max(1, maxAbs(grad)));
  let iterations = 0;
  let stalls = 0;
  while (iterations < maxIterations) {
    const gmax = projectedGradientMax(x, grad, options.lower, options.upper);
    if (gmax <= tol * (1 + Math.abs(value))) return { x, value, grad, iterations, converged: true, message: 'gradient below tolerance' };
    iterations++;
    // Ascent direction d = H·∇f (H approximates the inverse of −∇²f).
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += h[i * n + j]! * grad[j]!;
      d[i] = s;
    }
    // Converged when the quasi-Newton step would move every log-parameter by < 1e-7 (a
    // relative change of 1e-7 in each parameter): with millions of customers the gradient
    // test alone asks for more digits than a double-precision log-likelihood has.
    if (iterations > 1 && maxAbs(d) < 1e-7) return { x, value, grad, iterations, converged: true, message: 'step below tolerance' };
    let slope = dot(d, grad);
    if (!(slope > 0)) {
      resetIdentity(h, n, 1 / Math.max(1, maxAbs(grad)));
      for (let i = 0; i < n; i++) d[i] = h[i * n + i]! * grad[i]!;
      slope = dot(d, grad);
    }
    // The quasi-Newton step promises an increase of about slope/2: when even that is below
    // what the log-likelihood resolves in double precision, this is the maximum.
    if (iterations > 1 && slope < 1e-12 * (1 + Math.abs(value))) {
      return { x, value, grad, iterations, converged: true, message: 'predicted increase below double precision' };
    }
    // Limit a single step to 2 units of log-parameter so early steps cannot overshoot.
    const dmax = maxAbs(d);
    let step = dmax > 2 ? 2 / dmax : 1;
    const xNew = new Float64Array(n);
    const gNew = new Float64Array(n);
    let vNew = Number.NEGATIVE_INFINITY;
    let accepted = false;
    for (let k = 0; k < 30; k++) {
      for (let i = 0; i < n; i++) xNew[i] = x[i]! + step * d[i]!;
      clampInto(xNew, options.lower, options.upper);
      vNew = probe ? probe(xNew) : fg(xNew, gNew);
      // Armijo condition (sufficient increase); at tiny steps plain increase is enough.
      if (Number.isFinite(vNew) && (vNew >= value + 1e-4 * step * slope || (k > 15 && vNew >= value))) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      // No increase along the step: fine if the step was already negligible, or if the
      // increase the full step promises (slope) is below what the log-likelihood can resolve
      // in double precision. With a million customers |f| is ~10⁷ and the last gradient
      // digits are noise: without this test the fit fell through to Nelder–Mead and a second
      // start (660 evaluations instead of 30).
      const ok = maxAbs(d) < 1e-5 || slope < 1e-11 * (1 + Math.abs(value));
      return { x, value, grad, iterations, converged: ok, message: ok ? 'no further improvement at double precision' : 'line search failed' };
    }
    if (probe) vNew = fg(xNew, gNew);
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = xNew[i]! - x[i]!;
      y[i] = grad[i]! - gNew[i]!; // gradient of −f: y = ∇(−f)new − ∇(−f)old
    }
    const improvement = vNew - value;
    x = xNew;
    grad = gNew;
    value = vNew;
    // Before the first update, scale the identity to the curvature just seen (Nocedal & Wright 6.20).
    if (iterations === 1) {
      const sy = dot(s, y);
      const yy = dot(y, y);
      if (sy > 0 && yy > 0) resetIdentity(h, n, sy / yy);
    }
    updateInverseHessian(h, s, y, n);
    stalls = improvement <= 1e-15 * (1 + Math.abs(value)) ? stalls + 1 : 0;
    if (stalls >= 3) {
      const gm = projectedGradientMax(x, grad, options.lower, options.upper);
      const ok = gm <= Math.sqrt(tol) * (1 + Math.abs(value));
      return { x, value, grad, iterations, converged: ok, message: ok ? 'no further improvement' : 'stalled' };
    }
  }
  return { x, value, grad, iterations, converged: false, message: 'iteration limit reached' };
}

function updateInverseHessian(h: Float64Array, s: Float64Array, y: Float64Array, n: number): void {
  const sy = dot(s, y);
  if (!(sy > 1e-14 * Math.sqrt(dot(s, s) * dot(y, y)))) return; // skip: curvature not positive
  const rho = 1 / sy;
  const hy = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let acc = 0;
    for (let j = 0; j < n; j++) acc += h[i * n + j]! * y[j]!;
    hy[i] = acc;
  }
  const yhy = dot(y, hy);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      h[i * n + j] = h[i * n + j]! - rho * (hy[i]! * s[j]! + s[i]! * hy[j]!) + (rho * rho * yhy + rho) * s[i]! * s[j]!;
    }
  }
}

function withGradient(options: MaximizeOptions, counter: { evaluations: number }): ObjectiveWithGradient {
  if (options.fg) {
    const fg = options.fg;
    return (x, grad) => {
      counter.evaluations++;
      return fg(x, grad);
    };
  }
  const f = options.f;
  return (x, grad) => {
    counter.evaluations++;
    const value = f(x);
    numericGradient(f, x, grad, counter);
    return value;
  };
}

/** Central differences with a step of 1e-5 in each (log-)parameter. */
export function numericGradient(f: Objective, x: Float64Array, grad: Float64Array, counter?: { evaluations: number }): void {
  const probe = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    const h = 1e-5 * Math.max(1, Math.abs(x[i]!));
    probe[i] = x[i]! + h;
    const up = f(probe);
    probe[i] = x[i]! - h;
    const down = f(probe);
    probe[i] = x[i]!;
    grad[i] = (up - down) / (2 * h);
    if (counter) counter.evaluations += 2;
  }
}

function report(run: Run, options: MaximizeOptions, evaluations: number, restarts: number): MaximizeResult {
  const atBound: number[] = [];
  run.x.forEach((v, i) => {
    if (v - options.lower < 1e-3 || options.upper - v < 1e-3) atBound.push(i);
  });
  return {
    x: run.x, value: run.value, converged: run.converged, iterations: run.iterations, evaluations, restarts,
    gradientNorm: maxAbs(run.grad), atBound, message: run.message,
  };
}

function better(a: MaximizeResult, b: MaximizeResult): boolean {
  if (!Number.isFinite(b.value)) return Number.isFinite(a.value);
  return a.value > b.value + 1e-9 * (1 + Math.abs(b.value)) || (a.value >= b.value - 1e-9 * (1 + Math.abs(b.value)) && a.converged && !b.converged);
}

function wrapCount(f: Objective, counter: { evaluations: number }): Objective {
  return (x) => {
    counter.evaluations++;
    return f(x);
  };
}

function projectedGradientMax(x: Float64Array, grad: Float64Array, lower: number, upper: number): number {
  let m = 0;
  for (let i = 0; i < x.length; i++) {
    const g = grad[i]!;
    // At a bound, a gradient pushing outward cannot be followed: it does not count.
    if ((x[i]! <= lower && g < 0) || (x[i]! >= upper && g > 0)) continue;
    m = Math.max(m, Math.abs(g));
  }
  return m;
}

function clampInto(x: Float64Array, lower: number, upper: number): Float64Array {
  for (let i = 0; i < x.length; i++) x[i] = Math.min(upper, Math.max(lower, x[i]!));
  return x;
}

function identity(n: number, scale: number): Float64Array {
  const h = new Float64Array(n * n);
  resetIdentity(h, n, scale);
  return h;
}

function resetIdentity(h: Float64Array, n: number, scale: number): void {
  h.fill(0);
  for (let i = 0; i < n; i++) h[i * n + i] = scale;
}

function dot(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: ArrayLike<number>): number {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]!));
  return m;
}

/**
 * Small linear regressions (pure functions, a handful of regressors): ordinary least squares and linear quantile
 * regression (Koenker & Bassett 1978) by iteratively reweighted least squares.
 */

/** Solves the k x k system A b = c in place (Gauss-Jordan, partial pivoting). A tiny ridge keeps it regular. */
function solve(A: number[][], c: number[]): number[] {
  const k = c.length;
  const M = A.map((row, i) => [...row, c[i]!]);
  for (let i = 0; i < k; i++) M[i]![i]! += 1e-10 * (1 + Math.abs(M[i]![i]!));
  for (let i = 0; i < k; i++) {
    let piv = i;
    for (let r = i + 1; r < k; r++) if (Math.abs(M[r]![i]!) > Math.abs(M[piv]![i]!)) piv = r;
    [M[i], M[piv]] = [M[piv]!, M[i]!];
    for (let r = 0; r < k; r++) {
      if (r === i) continue;
      const f = M[r]![i]! / M[i]![i]!;
      if (f === 0) continue;
      for (let j = i; j <= k; j++) M[r]![j]! -= f * M[i]![j]!;
    }
  }
  return M.map((row, i) => row[k]! / row[i]!);
}

/** Weighted least squares: minimises sum w_i (y_i - x_i'b)^2. */
export function weightedLeastSquares(X: ArrayLike<number>[], y: ArrayLike<number>, w?: ArrayLike<number>): number[] {
  const k = X[0]!.length;
  const A = Array.from({ length: k }, () => new Array<number>(k).fill(0));
  const c = new Array<number>(k).fill(0);
  for (let r = 0; r < X.length; r++) {
    const x = X[r]!;
    const wr = w ? w[r]! : 1;
    for (let i = 0; i < k; i++) {
      const xi = wr * x[i]!;
      for (let j = i; j < k; j++) A[i]![j]! += xi * x[j]!;
      c[i]! += xi * y[r]!;
    }
  }
  for (let i = 0; i < k; i++) for (let j = 0; j < i; j++) A[i]![j] = A[j]![i]!;
  return solve(A, c);
}

export const ols = (X: ArrayLike<number>[], y: ArrayLike<number>): number[] => weightedLeastSquares(X, y);

export const dot = (b: ArrayLike<number>, x: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < b.length; i++) s += b[i]! * x[i]!;
  return s;
};

/** Pinball (check) loss of residual e = y - q at level tau. */
export const checkLoss = (e: number, tau: number): number => (e >= 0 ? tau * e : (tau - 1) * e);

/** Mean pinball loss of the linear quantile model b on (X, y). */
export function meanCheckLoss(X: ArrayLike<number>[], y: ArrayLike<number>, b: ArrayLike<number>, tau: number): number {
  let s = 0;
  for (let r = 0; r < X.length; r++) s += checkLoss(y[r]! - dot(b, X[r]!), tau);
  return s / X.length;
}

/**
 * Linear quantile regression: b minimising sum_i rho_tau(y_i - x_i'b). Iteratively reweighted least squares on
 * the check loss (weight tau/|e| above the fit, (1-tau)/|e| below, |e| floored at `eps`), started from OLS;
 * keeps the best iterate by the exact check loss. Accurate to O(eps) in the loss: enough for a few regressors and
 * thousands of rows (the LP optimum is not unique to more than that anyway).
 */
export function quantileRegression(X: ArrayLike<number>[], y: ArrayLike<number>, tau: number, opts: { iterations?: number; eps?: number } = {}): number[] {
  const iterations = opts.iterations ?? 100;
  let scale = 0;
  for (let r = 0; r < y.length; r++) scale += Math.abs(y[r]!);
  scale = scale / Math.max(1, y.length) || 1;
  const eps = opts.eps ?? 1e-6 * scale;
  let b = ols(X, y);
  let best = b;
  let bestLoss = meanCheckLoss(X, y, b, tau);
  const w = new Float64Array(y.length);
  for (let it = 0; it < iterations; it++) {
    for (let r = 0; r < y.length; r++) {
      const e = y[r]! - dot(b, X[r]!);
      w[r] = (e >= 0 ? tau : 1 - tau) / Math.max(Math.abs(e), eps);
    }
    const next = weightedLeastSquares(X, y, w);
    if (!next.every(Number.isFinite)) break;
    const loss = meanCheckLoss(X, y, next, tau);
    const improvement = bestLoss - loss;
    b = next;
    if (loss < bestLoss) {
      best = next;
      bestLoss = loss;
    }
    if (it > 5 && improvement >= 0 && improvement < 1e-10 * bestLoss) break;
  }
  return best;
}

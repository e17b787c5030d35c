/** Ridge regression (closed form) with feature standardisation from the training rows only. */
export interface RidgeModel {
  mean: number[];
  std: number[];
  weights: number[];
  intercept: number;
  lambda: number;
}

export function fitRidge(X: number[][], y: number[], lambda: number): RidgeModel {
  const n = X.length;
  const p = X[0]?.length ?? 0;
  const mean = new Array<number>(p).fill(0);
  const std = new Array<number>(p).fill(0);
  for (const row of X) for (let j = 0; j < p; j++) mean[j]! += row[j]! / n;
  for (const row of X) for (let j = 0; j < p; j++) std[j]! += (row[j]! - mean[j]!) ** 2 / n;
  for (let j = 0; j < p; j++) std[j] = Math.sqrt(std[j]!) || 1;
  const ym = y.reduce((a, b) => a + b, 0) / Math.max(1, n);
  // Normal equations (Z'Z + lambda n I) w = Z'y on standardised Z.
  const A = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  const b = new Array<number>(p).fill(0);
  const z = new Array<number>(p);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < p; j++) z[j] = (X[i]![j]! - mean[j]!) / std[j]!;
    for (let j = 0; j < p; j++) {
      b[j]! += z[j]! * (y[i]! - ym);
      for (let k = j; k < p; k++) A[j]![k]! += z[j]! * z[k]!;
    }
  }
  for (let j = 0; j < p; j++) {
    for (let k = 0; k < j; k++) A[j]![k] = A[k]![j]!;
    A[j]![j]! += lambda * n;
  }
  return { mean, std, weights: solve(A, b), intercept: ym, lambda };
}

export function predictRidge(m: RidgeModel, x: number[]): number {
  let s = m.intercept;
  for (let j = 0; j < m.weights.length; j++) s += (m.weights[j]! * (x[j]! - m.mean[j]!)) / m.std[j]!;
  return s;
}

/** Gaussian elimination with partial pivoting (the system is small and symmetric positive definite). */
function solve(A: number[][], b: number[]): number[] {
  const n = b.length;
  const M = A.map((r, i) => [...r, b[i]!]);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(M[r]![c]!) > Math.abs(M[piv]![c]!)) piv = r;
    [M[c], M[piv]] = [M[piv]!, M[c]!];
    const d = M[c]![c]! || 1e-12;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = M[r]![c]! / d;
      for (let k = c; k <= n; k++) M[r]![k]! -= f * M[c]![k]!;
    }
  }
  return M.map((r, i) => r[n]! / (r[i]! || 1e-12));
}

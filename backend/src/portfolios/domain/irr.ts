/** A dated amount from the investor's point of view: negative = money put in, positive = money taken out. */
export interface DatedCashFlow {
  time: Date;
  amount: number;
}

const MS_PER_YEAR = 365 * 24 * 3600 * 1000;

/**
 * Internal rate of return per period (default a 365-day year, the XIRR convention) with times measured from the
 * first flow.
 * Solves NPV(x) = Σ aᵢ·e^(−x·tᵢ) = 0 in x = ln(1 + r), where NPV is smooth for every x (r > −100% by
 * construction). The root nearest to r = 0 is bracketed by scanning outwards from x = 0, then refined by
 * Newton steps that fall back to bisection whenever a step leaves the bracket or stalls.
 * Returns null when there is no sign change (e.g. money only put in) or the flows span no time.
 */
export function solveIrr(flows: readonly DatedCashFlow[], periodMs = MS_PER_YEAR): number | null {
  const nonZero = flows.filter((f) => f.amount !== 0 && Number.isFinite(f.amount));
  if (nonZero.length < 2) return null;
  const start = Math.min(...nonZero.map((f) => f.time.getTime()));
  const years = nonZero.map((f) => (f.time.getTime() - start) / periodMs);
  if (Math.max(...years) <= 0) return null;
  const amounts = nonZero.map((f) => f.amount);
  if (!amounts.some((a) => a > 0) || !amounts.some((a) => a < 0)) return null;

  const npv = (x: number): number => {
    let sum = 0;
    for (let i = 0; i < amounts.length; i++) sum += amounts[i]! * Math.exp(-x * years[i]!);
    return sum;
  };
  const slope = (x: number): number => {
    let sum = 0;
    for (let i = 0; i < amounts.length; i++) sum -= years[i]! * amounts[i]! * Math.exp(-x * years[i]!);
    return sum;
  };

  // e^(x·t) must stay finite in doubles (e^709 is the limit).
  const bracket = findBracket(npv, Math.min(50, 700 / Math.max(...years)));
  if (!bracket) return null;
  let [lo, hi] = bracket;
  let fLo = npv(lo);
  let x = (lo + hi) / 2;
  for (let iteration = 0; iteration < 200; iteration++) {
    const fx = npv(x);
    if (fx === 0) break;
    // Keep the bracket around the sign change.
    if (Math.sign(fx) === Math.sign(fLo)) {
      lo = x;
      fLo = fx;
    } else {
      hi = x;
    }
    const d = slope(x);
    const newton = d !== 0 ? x - fx / d : Number.NaN;
    const next = Number.isFinite(newton) && newton > lo && newton < hi ? newton : (lo + hi) / 2;
    // Converged when the step no longer moves x (relative to the precision of doubles).
    const done = Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x)) || hi - lo <= 1e-15 * Math.max(1, Math.abs(x));
    x = next;
    if (done) break;
  }
  const rate = Math.expm1(x);
  return Number.isFinite(rate) ? rate : null;
}

/** Finds [lo, hi] in x = ln(1+r) with a sign change of f, searching outwards from 0 (the most plausible root). */
function findBracket(f: (x: number) => number, limit: number): [number, number] | null {
  const f0 = f(0);
  if (f0 === 0) return [-1e-12, 1e-12];
  let step = 0.05;
  let up = 0;
  let down = 0;
  let fUp = f0;
  let fDown = f0;
  while (up < limit || down > -limit) {
    if (up < limit) {
      const next = up + step;
      const fNext = f(next);
      if (Math.sign(fNext) !== Math.sign(fUp)) return [up, next];
      up = next;
      fUp = fNext;
    }
    if (down > -limit) {
      const next = down - step;
      const fNext = f(next);
      if (Math.sign(fNext) !== Math.sign(fDown)) return [next, down];
      down = next;
      fDown = fNext;
    }
    step *= 1.5;
  }
  return null;
}

/**
 * Money-weighted return over a period: annualised when the period is at least a year, otherwise the return
 * of the period itself (returns of periods shorter than a year are not annualised, as GIPS requires).
 */
export function moneyWeightedReturn(flows: readonly DatedCashFlow[], periodYears: number): number | null {
  if (periodYears >= 1) return solveIrr(flows);
  // Solved in units of the period itself: annualising a few days' return first would overflow the search range.
  return periodYears > 0 ? solveIrr(flows, periodYears * MS_PER_YEAR) : null;
}

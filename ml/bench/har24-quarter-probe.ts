/**
 * Research probe (issue 15, 24h tercile calibration): does a 90-day realised-variance term (the lever that fixed
 * 7d / 30d) help the 24h HAR scale? Variants: the served 24h regression (HAR_FEATURES) and the same plus
 * ln RV of the last 90 days; fitted by pooled OLS on the two years before `--from`; intervals as served
 * (1-year conformal window, every 6th origin, regime share 1/3); scored every `--step` hours in [from, to]:
 * median relPinball (3 levels, against naive's 90-day empirical interval), coverage80 and coverage80 per tercile of
 * trailing-24h realised volatility (cut per coin).
 *
 *   cd ml && npx tsx bench/har24-quarter-probe.ts [--from 2024-06-01 --to 2025-06-01] [--step 6]
 */
import { historyUntil, loadHistories, parseDate } from '../src/data/candles';
import { DEFAULT_CALIBRATION_STRIDE, DEFAULT_CALIBRATION_WINDOW, DEFAULT_REGIME_SHARE, fitVolParams } from '../src/models/vol-model';
import { ols } from '../src/models/regression';
import { conformalQuantiles, harInputs, type HarInputs } from '../src/models/volatility';
import { volPath } from '../src/models/volatility';
import { arg } from './args';

const HOUR = 3_600_000;
const LEVELS = ['0.1', '0.5', '0.9'];
const STEPS = 24;
const QUARTER = 2160;

async function main() {
  const from = parseDate(arg('from', '2024-06-01'));
  const to = parseDate(arg('to', '2025-06-01'));
  const step = Number(arg('step', '6'));
  const histories = loadHistories('../../shared/data/candles');
  const p = fitVolParams(histories, from);
  const cfg = p.hourly;
  const series = histories.map((h) => {
    const candles = historyUntil(h, to + 30 * 86_400_000).hourly;
    const logCloses = Float64Array.from(candles, (c) => Math.log(c.close));
    const path = volPath(candles, cfg, logCloses);
    const base = harInputs(candles, path, cfg, STEPS);
    const cum = new Float64Array(candles.length + 1);
    for (let i = 0; i < candles.length; i++) cum[i + 1] = cum[i]! + path.barVar[i]!;
    const lnQ = (t: number) => Math.log(Math.max((cum[t + 1]! - cum[t + 1 - QUARTER]!) / 90, 1e-12));
    const quarter: HarInputs = {
      rvSum: base.rvSum,
      row: (t) => (t < QUARTER ? undefined : [...base.row(t)!, lnQ(t)]),
      dotRow: (b, t) => (t < QUARTER ? NaN : base.dotRow(b.slice(0, -1), t) + b[b.length - 1]! * lnQ(t)),
    };
    return { candles, logCloses, path, inputs: { served: base, quarter } as Record<string, HarInputs> };
  });
  const variants = ['served', 'quarter'];
  const coefs = new Map<string, number[]>();
  for (const v of variants) {
    const X: number[][] = [];
    const y: number[] = [];
    for (const s of series) {
      const end = s.candles.findIndex((c) => c.openTime + HOUR > from);
      const last = (end < 0 ? s.candles.length : end) - 1;
      for (let t = Math.max(QUARTER, last - STEPS - 2 * 365 * 24); t + STEPS <= last; t++) {
        X.push(s.inputs[v]!.row(t)!);
        y.push(Math.log(Math.max(s.inputs[v]!.rvSum(t + 1, t + STEPS), 1e-12)));
      }
    }
    coefs.set(v, ols(X, y));
  }
  const med = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[(s.length - 1) / 2]! : 0.5 * (s[s.length / 2 - 1]! + s[s.length / 2]!);
  };
  const out: Record<string, { rel: number[]; cov: number[]; terc: number[][] }> = {};
  for (const v of variants) out[v] = { rel: [], cov: [], terc: [[], [], []] };
  for (const s of series) {
    const { candles, logCloses } = s;
    const rows: Record<string, { pin: number; naive: number; covered: boolean; vol: number }[]> = { served: [], quarter: [] };
    for (let j = QUARTER; j + STEPS < candles.length; j++) {
      const origin = candles[j]!.openTime + HOUR;
      if (origin < from || origin + STEPS * HOUR > to || (origin / HOUR) % step !== 0) continue;
      if (candles[j + STEPS]!.openTime !== candles[j]!.openTime + STEPS * HOUR) continue;
      const R = logCloses[j + STEPS]! - logCloses[j]!;
      let vol = 0;
      for (let t = j - 23; t <= j; t++) vol += (logCloses[t]! - logCloses[t - 1]!) ** 2;
      const past: number[] = [];
      for (let i = j - STEPS; i >= j - STEPS - 2159; i--) past.push(logCloses[i + STEPS]! - logCloses[i]!);
      past.sort((a, b) => a - b);
      const nq = [past[Math.floor(0.1 * past.length)]!, 0, past[Math.floor(0.9 * past.length)]!];
      const pinOf = (q: number[]) =>
        LEVELS.reduce((a, l, k) => {
          const tau = Number(l);
          const d = Math.exp(R) - Math.exp(q[k]!);
          return a + Math.max(tau * d, (tau - 1) * d);
        }, 0);
      for (const v of variants) {
        const inp = s.inputs[v]!;
        const coef = coefs.get(v)!;
        const sdAt = (i: number) => Math.exp(0.5 * inp.dotRow(coef, i));
        const z = conformalQuantiles(logCloses, s.path, cfg, j, STEPS, DEFAULT_CALIBRATION_WINDOW['24h'], LEVELS, {
          sdAt,
          firstIndex: QUARTER,
          stride: DEFAULT_CALIBRATION_STRIDE['24h'],
          regimeShare: DEFAULT_REGIME_SHARE['24h'],
        }).z;
        const sd = sdAt(j);
        const q = LEVELS.map((l) => sd * z[l]!);
        rows[v]!.push({ pin: pinOf(q), naive: pinOf(nq), covered: R >= q[0]! && R <= q[2]!, vol });
      }
    }
    for (const v of variants) {
      const r = rows[v]!;
      out[v]!.rel.push(r.reduce((a, x) => a + x.pin, 0) / r.reduce((a, x) => a + x.naive, 0));
      out[v]!.cov.push(r.filter((x) => x.covered).length / r.length);
      const vols = r.map((x) => x.vol).sort((a, b) => a - b);
      const c1 = vols[Math.floor(vols.length / 3)]!;
      const c2 = vols[Math.floor((2 * vols.length) / 3)]!;
      [(x: number) => x < c1, (x: number) => x >= c1 && x < c2, (x: number) => x >= c2].forEach((inT, k) => {
        const b = r.filter((x) => inT(x.vol));
        out[v]!.terc[k]!.push(b.filter((x) => x.covered).length / b.length);
      });
    }
  }
  for (const v of variants)
    console.log(
      `${v.padEnd(8)} 24h relPinball ${med(out[v]!.rel).toFixed(4)} cov80 ${(100 * med(out[v]!.cov)).toFixed(1)} % terciles ${out[v]!.terc.map((t) => (100 * med(t)).toFixed(1)).join(' / ')} %`,
    );
  console.log(
    `quarter coef ${coefs
      .get('quarter')!
      .map((c) => c.toFixed(3))
      .join(' ')}`,
  );
}
void main();

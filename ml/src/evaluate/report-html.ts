/** Self-contained HTML report with inline SVG charts (no chart library, no network). */
import type { BacktestReport, SeriesPoint } from './backtest';

const W = 760;
const H = 260;
const PAD = 40;

function esc(s: string): string {
  return s.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
}

function scale(min: number, max: number, a: number, b: number) {
  const d = max - min || 1;
  return (v: number) => a + ((v - min) / d) * (b - a);
}

function axes(title: string, yMin: number, yMax: number): string {
  return `<text x="${PAD}" y="16" font-size="13" font-weight="bold">${esc(title)}</text>
<line x1="${PAD}" y1="${H - PAD}" x2="${W - 10}" y2="${H - PAD}" stroke="#999"/><line x1="${PAD}" y1="24" x2="${PAD}" y2="${H - PAD}" stroke="#999"/>
<text x="2" y="${H - PAD}" font-size="10">${yMin.toPrecision(4)}</text><text x="2" y="32" font-size="10">${yMax.toPrecision(4)}</text>`;
}

function forecastChart(coin: string, horizon: string, pts: SeriesPoint[]): string {
  const p = pts.slice(-300);
  if (p.length < 2) return '';
  const yMin = Math.min(...p.map((x) => Math.min(x.q05, x.actual)));
  const yMax = Math.max(...p.map((x) => Math.max(x.q95, x.actual)));
  const sx = scale(p[0]!.targetTime, p[p.length - 1]!.targetTime, PAD, W - 10);
  const sy = scale(yMin, yMax, H - PAD, 24);
  const band = (lo: (x: SeriesPoint) => number, hi: (x: SeriesPoint) => number, fill: string) =>
    `<polygon fill="${fill}" points="${[...p.map((x) => `${sx(x.targetTime)},${sy(hi(x))}`), ...[...p].reverse().map((x) => `${sx(x.targetTime)},${sy(lo(x))}`)].join(' ')}"/>`;
  const line = (f: (x: SeriesPoint) => number, color: string) =>
    `<polyline fill="none" stroke="${color}" stroke-width="1.2" points="${p.map((x) => `${sx(x.targetTime)},${sy(f(x))}`).join(' ')}"/>`;
  return `<svg width="${W}" height="${H}">${axes(`${coin} ${horizon}: forecast (blue) vs actual (black), 80% and 90% bands, last ${p.length} targets`, yMin, yMax)}
${band(
  (x) => x.q05,
  (x) => x.q95,
  '#dbe8fb',
)}${band(
    (x) => x.q10,
    (x) => x.q90,
    '#a9c8f3',
  )}${line((x) => x.point, '#1f5fbf')}${line((x) => x.actual, '#000')}</svg>`;
}

function calibrationChart(r: BacktestReport): string {
  const sy = scale(0, 1, H - PAD, 24);
  const sx = scale(0, 1, PAD, W - 10);
  const colors = ['#1f77b4', '#ff7f0e', '#2ca02c', '#d62728', '#9467bd'];
  const dots = r.summary
    .map(
      (s, i) =>
        [
          [0.5, s.coverage50],
          [0.8, s.coverage80],
          [0.9, s.coverage90],
        ]
          .map(
            ([n, e]) =>
              `<circle cx="${sx(n!)}" cy="${sy(e!)}" r="4" fill="${colors[i % 5]}"><title>${s.horizon} nominal ${n} empirical ${e!.toFixed(3)}</title></circle>`,
          )
          .join('') + `<text x="${W - 120}" y="${40 + i * 14}" font-size="11" fill="${colors[i % 5]}">${s.horizon}</text>`,
    )
    .join('');
  return `<svg width="${W}" height="${H}">${axes('Calibration: nominal (x) vs empirical (y) coverage, median over coins', 0, 1)}
<line x1="${sx(0)}" y1="${sy(0)}" x2="${sx(1)}" y2="${sy(1)}" stroke="#bbb" stroke-dasharray="4"/>${dots}</svg>`;
}

function errorByHorizonChart(r: BacktestReport): string {
  const rows = r.summary;
  const maxV = Math.max(1.1, ...rows.flatMap((s) => [s.relMae, s.relPinball]));
  const sy = scale(0, maxV, H - PAD, 24);
  const bw = (W - PAD - 20) / (rows.length * 3);
  const bars = rows
    .map((s, i) => {
      const x = PAD + 10 + i * 3 * bw;
      return `<rect x="${x}" y="${sy(s.relMae)}" width="${bw}" height="${sy(0) - sy(s.relMae)}" fill="#1f77b4"><title>relMae ${s.relMae.toFixed(3)}</title></rect>
<rect x="${x + bw}" y="${sy(s.relPinball)}" width="${bw}" height="${sy(0) - sy(s.relPinball)}" fill="#ff7f0e"><title>relPinball ${s.relPinball.toFixed(3)}</title></rect>
<text x="${x}" y="${H - PAD + 14}" font-size="11">${s.horizon}</text>`;
    })
    .join('');
  return `<svg width="${W}" height="${H}">${axes('Error relative to naive by horizon (blue: MAE, orange: pinball); the line is naive = 1', 0, maxV)}
<line x1="${PAD}" y1="${sy(1)}" x2="${W - 10}" y2="${sy(1)}" stroke="#d00" stroke-dasharray="4"/>${bars}</svg>`;
}

/** Coverage80 per tercile of trailing-24h realised vol (calm → volatile), model vs naive, per horizon. */
function tercileChart(r: BacktestReport): string {
  const rows = r.summary.filter((s) => s.byVolTercile);
  if (rows.length === 0) return '<p>No volatility terciles in this report.</p>';
  const lo = 0.5;
  const hi = 1;
  const sy = scale(lo, hi, H - PAD, 24);
  const group = (W - PAD - 20) / rows.length;
  const bw = group / 8;
  const colors = { model: ['#9ecae1', '#4292c6', '#08519c'], naive: ['#fdae6b', '#f16913', '#a63603'] };
  const bars = rows
    .map((s, i) => {
      const x0 = PAD + 10 + i * group;
      const t = s.byVolTercile!;
      const one = (side: 'model' | 'naive', k: number, x: number) => {
        const v = Math.max(lo, t[side][k]!.coverage80);
        const name = ['calm', 'mid', 'volatile'][k];
        return `<rect x="${x}" y="${sy(v)}" width="${bw - 1}" height="${sy(lo) - sy(v)}" fill="${colors[side][k]}"><title>${s.horizon} ${side} ${name}: ${(100 * t[side][k]!.coverage80).toFixed(1)}%</title></rect>`;
      };
      return (
        [0, 1, 2].map((k) => one('model', k, x0 + k * bw)).join('') +
        [0, 1, 2].map((k) => one('naive', k, x0 + (3.5 + k) * bw)).join('') +
        `<text x="${x0}" y="${H - PAD + 14}" font-size="11">${s.horizon}</text>`
      );
    })
    .join('');
  return `<svg width="${W}" height="${H}">${axes('Coverage80 by volatility tercile (blues: model calm→volatile, oranges: naive); dashed 80 %, band 77–83 %', lo, hi)}
<rect x="${PAD}" y="${sy(0.83)}" width="${W - PAD - 10}" height="${sy(0.77) - sy(0.83)}" fill="#eee"/>
<line x1="${PAD}" y1="${sy(0.8)}" x2="${W - 10}" y2="${sy(0.8)}" stroke="#d00" stroke-dasharray="4"/>${bars}</svg>`;
}

function lossChart(r: BacktestReport): string {
  const neural = (r.model.metadata.neural ?? {}) as Record<string, { lossHistory?: number[] }>;
  const curves = Object.entries(neural).filter(([, v]) => v.lossHistory && v.lossHistory.length > 0);
  if (curves.length === 0) return '<p>No neural members in this model: no training loss curves.</p>';
  const all = curves.flatMap(([, v]) => v.lossHistory!);
  const yMin = Math.min(...all);
  const yMax = Math.max(...all);
  const n = Math.max(...curves.map(([, v]) => v.lossHistory!.length));
  const sx = scale(0, Math.max(1, n - 1), PAD, W - 10);
  const sy = scale(yMin, yMax, H - PAD, 24);
  const colors = ['#1f77b4', '#d62728'];
  return `<svg width="${W}" height="${H}">${axes('Training loss (pinball) per epoch', yMin, yMax)}${curves
    .map(
      ([k, v], i) =>
        `<polyline fill="none" stroke="${colors[i % 2]}" stroke-width="2" points="${v.lossHistory!.map((l, e) => `${sx(e)},${sy(l)}`).join(' ')}"/><text x="${W - 80}" y="${40 + i * 14}" font-size="11" fill="${colors[i % 2]}">${esc(k)}</text>`,
    )
    .join('')}</svg>`;
}

export function renderHtmlReport(r: BacktestReport, chartCoin?: string): string {
  const coin = chartCoin && r.series[chartCoin] ? chartCoin : Object.keys(r.series)[0];
  const table = `<table border="1" cellpadding="4" cellspacing="0"><tr><th>horizon</th><th>coins</th><th>origins</th><th>relMae</th><th>relPinball</th><th>coverage80</th><th>naive coverage80</th><th>MAPE %</th><th>naive MAPE %</th><th>dir. acc.</th></tr>${r.summary
    .map(
      (s) =>
        `<tr><td>${s.horizon}</td><td>${s.coins}</td><td>${s.origins}</td><td>${s.relMae.toFixed(3)}</td><td>${s.relPinball.toFixed(3)}</td><td>${(100 * s.coverage80).toFixed(1)}%</td><td>${(100 * s.naiveCoverage80).toFixed(1)}%</td><td>${s.mape.toFixed(2)}</td><td>${s.naiveMape.toFixed(2)}</td><td>${s.directionalAccuracy.toFixed(3)}</td></tr>`,
    )
    .join('')}</table>`;
  const order = ['1h', '4h', '24h', '7d', '30d'];
  const charts = coin
    ? Object.entries(r.series[coin]!)
        .sort(([a], [b]) => order.indexOf(a) - order.indexOf(b))
        .map(([h, pts]) => forecastChart(coin, h, pts!))
        .join('<br/>')
    : '';
  const retrain = r.retrainDays > 0 ? `retrained every ${r.retrainDays} days` : 'trained once on data before the start';
  return `<!doctype html><html><head><meta charset="utf-8"><title>Coincast backtest ${esc(r.model.type)}</title></head>
<body style="font-family:sans-serif"><h1>Backtest: ${esc(r.model.type)} v${esc(r.model.version)}</h1>
<p>Origins ${esc(r.from)} to ${esc(r.to)}, ${retrain}, hourly origins every ${r.originStepHours} h. Medians over coins.</p>
${table}<h2>Forecast vs actual</h2>${charts}<h2>Calibration</h2>${calibrationChart(r)}<h2>Error by horizon</h2>${errorByHorizonChart(r)}<h2>Calibration by volatility regime</h2>${tercileChart(r)}<h2>Training loss</h2>${lossChart(r)}</body></html>`;
}

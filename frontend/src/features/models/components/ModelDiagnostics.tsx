import { useState } from 'react';
import { formatChance } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { ErrorState, Loading } from '../../../lib/ui';
import { useModelDiagnostics, type ModelDiagnostics } from '../api/models';
import { errorVersusBaseline, guardEvidence, memberWords, pointSource, rangeSource } from '../model/diagnostics';
import { horizonWords } from '../model/words';

type HorizonDiag = ModelDiagnostics['horizons'][number];

const LINE_STYLES = ['', '6 3', '2 3', '8 3 2 3'];

/** Promised vs observed share inside the 50 / 80 / 90 % ranges, one line per horizon; the baseline as hollow dots. */
function CalibrationCurve({ horizons }: { horizons: HorizonDiag[] }) {
  const rows = horizons.filter((h) => h.calibration.length > 0);
  if (rows.length === 0) return null;
  const size = 220;
  const pad = 34;
  const lo = 0.3;
  const scale = (v: number) => pad + ((Math.max(lo, Math.min(1, v)) - lo) / (1 - lo)) * (size - 2 * pad);
  const yOf = (v: number) => size - scale(v);
  return (
    <figure className="calibration" data-testid="diagnostics-calibration">
      <svg viewBox={`0 0 ${size} ${size}`} role="img" aria-label="Calibration in the test: promised versus observed share of prices inside the ranges">
        <line x1={scale(lo)} y1={yOf(lo)} x2={scale(1)} y2={yOf(1)} className="diagonal" />
        <line x1={scale(lo)} y1={yOf(lo)} x2={scale(1)} y2={yOf(lo)} className="axis" />
        <line x1={scale(lo)} y1={yOf(lo)} x2={scale(lo)} y2={yOf(1)} className="axis" />
        {[0.5, 0.8, 0.9].map((v) => (
          <text key={v} x={scale(v)} y={size - pad + 14} textAnchor="middle">
            {Math.round(v * 100)}%
          </text>
        ))}
        {[0.5, 0.8, 1].map((v) => (
          <text key={v} x={pad - 4} y={yOf(v) + 3} textAnchor="end">
            {Math.round(v * 100)}%
          </text>
        ))}
        {rows.map((h, i) => (
          <g key={h.horizon}>
            <polyline
              fill="none"
              stroke="var(--accent)"
              strokeWidth={1.5}
              strokeDasharray={LINE_STYLES[i % LINE_STYLES.length]}
              points={h.calibration.map((c) => `${scale(c.nominal)},${yOf(c.observed)}`).join(' ')}
            />
            {h.calibration.map((c) => (
              <g key={c.nominal}>
                <circle cx={scale(c.nominal)} cy={yOf(c.naive)} r={3} fill="none" stroke="var(--muted)" />
                <circle cx={scale(c.nominal)} cy={yOf(c.observed)} r={2.5} className="model-dot" />
              </g>
            ))}
          </g>
        ))}
      </svg>
      <figcaption className="legend">
        {rows.map((h, i) => (
          <span key={h.horizon}>
            <span
              aria-hidden="true"
              style={{
                display: 'inline-block',
                width: 22,
                verticalAlign: 'middle',
                borderTop: `2px ${['solid', 'dashed', 'dotted', 'dashed'][i % 4]} var(--accent)`,
              }}
            />{' '}
            {horizonWords(h.horizon)}
          </span>
        ))}
        <span>hollow dots: the no-change baseline · on the dashed line = honest ranges</span>
      </figcaption>
    </figure>
  );
}

/** Training loss of the neural networks per pass over the data (falling, then flat = it learned what it could). */
function LossCurves({ curves }: { curves: ModelDiagnostics['lossCurves'] }) {
  if (curves.length === 0) return null;
  const W = 320;
  const H = 140;
  const P = 28;
  const all = curves.flatMap((c) => c.loss);
  const lo = Math.min(...all);
  const hi = Math.max(...all);
  const n = Math.max(...curves.map((c) => c.loss.length));
  const x = (i: number) => P + (n > 1 ? (i / (n - 1)) * (W - 2 * P) : 0);
  const y = (v: number) => H - P / 2 - (hi > lo ? ((v - lo) / (hi - lo)) * (H - P) : (H - P) / 2);
  return (
    <figure className="live-chart" data-testid="diagnostics-loss">
      <svg viewBox={`0 0 ${W} ${H}`} role="img" aria-label="Training error of the neural networks per pass over the data">
        {curves.map((c, i) => (
          <polyline
            key={c.member}
            fill="none"
            stroke={i === 0 ? 'var(--accent)' : 'var(--muted)'}
            strokeWidth={2}
            strokeDasharray={i === 0 ? '' : '5 3'}
            points={c.loss.map((v, e) => `${x(e).toFixed(1)},${y(v).toFixed(1)}`).join(' ')}
          />
        ))}
        <text x={P} y={H - 2}>
          first pass
        </text>
        <text x={W - P} y={H - 2} textAnchor="end">
          pass {n}
        </text>
      </svg>
      <figcaption className="legend">
        {curves.map((c, i) => (
          <span key={c.member}>
            <span className="swatch" style={{ background: i === 0 ? 'var(--accent)' : 'var(--muted)' }} /> {memberWords(c.member)}
          </span>
        ))}
        <span>training error per pass over the data: it should fall, then level off</span>
      </figcaption>
    </figure>
  );
}

function DiagnosticsBody({ d }: { d: ModelDiagnostics }) {
  const locale = useLocale();
  const tested = d.horizons.filter((h) => h.scored > 0);
  const terciles = d.horizons.filter((h) => h.terciles.length === 3);
  const trained = d.horizons.filter((h) => h.training);
  return (
    <div className="diagnostics" data-testid="model-diagnostics">
      {!d.complete && (
        <p className="muted">This model was tested before the calibration curve and the per-coin table were kept: only the figures below exist for it.</p>
      )}
      {tested.length > 0 && (
        <>
          <h4>Error by horizon, against the no-change baseline</h4>
          <div className="table-wrap">
            <table aria-label="Test error by horizon against the no-change baseline">
              <thead>
                <tr>
                  <th scope="col">Horizon</th>
                  <th scope="col">Score vs baseline</th>
                  <th scope="col" className="num">
                    In 80% range
                  </th>
                </tr>
              </thead>
              <tbody>
                {tested.map((h) => (
                  <tr key={h.horizon}>
                    <th scope="row">{horizonWords(h.horizon)}</th>
                    <ScoreCells score={h} locale={locale} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      <CalibrationCurve horizons={d.horizons} />
      {terciles.length > 0 && (
        <>
          <h4>Inside the 80% range, by how turbulent the market was</h4>
          <div className="table-wrap">
            <table aria-label="Share of prices inside the 80% range by market turbulence">
              <thead>
                <tr>
                  <th scope="col">Horizon</th>
                  <th scope="col" className="num">
                    Calm
                  </th>
                  <th scope="col" className="num">
                    Normal
                  </th>
                  <th scope="col" className="num">
                    Turbulent
                  </th>
                </tr>
              </thead>
              <tbody>
                {terciles.map((h) => (
                  <tr key={h.horizon}>
                    <th scope="row">{horizonWords(h.horizon)}</th>
                    {h.terciles.map((t, i) => (
                      <td key={i} className="num">
                        {formatChance(t.coverage80, locale)}
                        <br />
                        <span className="muted">baseline {formatChance(t.naiveCoverage80, locale)}</span>
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
      {trained.length > 0 && (
        <>
          <h4>What the forecast is made of, and why</h4>
          <ul className="plain-list" data-testid="diagnostics-guard">
            {trained.map((h) => (
              <li key={h.horizon}>
                <strong>{horizonWords(h.horizon)}</strong>: best guess — {pointSource(h.training!, locale)} ({guardEvidence(h.training!.point, locale)}). Range
                — {rangeSource(h.training!)} ({guardEvidence(h.training!.interval, locale)}).
              </li>
            ))}
          </ul>
        </>
      )}
      <LossCurves curves={d.lossCurves} />
      {d.perCoin.length > 0 && (
        <>
          <h4>By coin</h4>
          <div className="table-wrap">
            <table aria-label="Test results by coin">
              <thead>
                <tr>
                  <th scope="col">Coin</th>
                  <th scope="col">Score vs baseline</th>
                  <th scope="col" className="num">
                    In 80% range
                  </th>
                </tr>
              </thead>
              <tbody>
                {d.perCoin.map((c) => (
                  <tr key={c.coin}>
                    <th scope="row">{c.coin}</th>
                    <ScoreCells score={c} locale={locale} />
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </div>
  );
}

/** A model version's diagnostics, loaded when opened. */
export function ModelDiagnosticsSection({ modelId }: { modelId: string }) {
  const [open, setOpen] = useState(false);
  const diagnostics = useModelDiagnostics(modelId, open);
  return (
    <details onToggle={(e) => setOpen((e.currentTarget as HTMLDetailsElement).open)}>
      <summary>How it was tested, in detail</summary>
      {!open ? null : diagnostics.isPending ? (
        <Loading />
      ) : diagnostics.isError ? (
        <ErrorState error={diagnostics.error} onRetry={() => diagnostics.refetch()} />
      ) : (
        <DiagnosticsBody d={diagnostics.data} />
      )}
    </details>
  );
}

type ScoreFigures = { relPinball: number | null; relMae: number | null; coverage80: number | null; naiveCoverage80: number | null };

/** The two score cells of a row (per horizon or per coin): error against the baseline, and the 80 % range's hit rate. */
function ScoreCells({ score, locale }: { score: ScoreFigures; locale: ReturnType<typeof useLocale> }) {
  return (
    <>
      <td>
        {errorVersusBaseline(score.relPinball, locale)}
        <br />
        <span className="muted">typical miss: {errorVersusBaseline(score.relMae, locale)}</span>
      </td>
      <td className="num">
        {formatChance(score.coverage80, locale)}
        {score.naiveCoverage80 !== null && (
          <>
            <br />
            <span className="muted">baseline {formatChance(score.naiveCoverage80, locale)}</span>
          </>
        )}
      </td>
    </>
  );
}

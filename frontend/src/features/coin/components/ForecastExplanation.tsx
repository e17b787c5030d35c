import { useState } from 'react';
import type { HorizonForecast } from '../api/coin';
import { describeExplanation, signedPercent, termLabel, type Explanation } from '../model/explanation';

/** Horizontal bars of each reason's effect on the range width, around a zero line (wider to the right). */
function ContributionBars({ explanation, window }: { explanation: Explanation; window: { originTime: string; targetTime: string } }) {
  const terms = explanation.terms;
  const max = Math.max(0.05, ...terms.map((t) => Math.abs(t.rangeEffect)));
  return (
    <ul
      className="plain-list"
      aria-label="Effect of each reason on the width of the range"
      data-testid="explanation-bars"
      style={{ display: 'grid', gap: '0.35rem' }}
    >
      {terms.map((t) => {
        const width = (Math.abs(t.rangeEffect) / max) * 50;
        const wider = t.rangeEffect >= 0;
        return (
          <li key={t.key} style={{ display: 'grid', gridTemplateColumns: 'minmax(0, 11rem) minmax(4rem, 1fr) 3.5rem', alignItems: 'center', gap: '0.5rem' }}>
            <span style={{ overflowWrap: 'anywhere' }}>{termLabel(t, window)}</span>
            <span aria-hidden="true" style={{ position: 'relative', height: '0.8rem', borderLeft: 0 }}>
              <span style={{ position: 'absolute', left: '50%', top: '-0.15rem', bottom: '-0.15rem', width: 1, background: 'var(--muted)' }} />
              <span
                style={{
                  position: 'absolute',
                  top: 0,
                  bottom: 0,
                  width: `${width}%`,
                  ...(wider ? { left: '50%' } : { right: '50%' }),
                  background: wider ? 'var(--accent)' : 'var(--muted)',
                  borderRadius: 2,
                }}
              />
            </span>
            <span className="num" style={{ textAlign: 'right' }}>
              {signedPercent(t.rangeEffect)}
            </span>
          </li>
        );
      })}
    </ul>
  );
}

/** Why each horizon's range is as wide as it is, compared with the coin's usual range: in words and as bars. */
export function ForecastExplanation({ horizons }: { horizons: HorizonForecast[] }) {
  const explained = horizons.filter((h) => h.explanation);
  const [horizon, setHorizon] = useState(explained.find((h) => h.horizon === '24h')?.horizon ?? explained[0]?.horizon ?? '');
  const selected = explained.find((h) => h.horizon === horizon) ?? explained[0];
  if (!selected?.explanation) return null;
  const e = selected.explanation;
  const window = { originTime: selected.originTime, targetTime: selected.targetTime };
  const usualSpan = e.usualDays >= 360 ? 'the past year' : `the past ${Math.round(e.usualDays)} days`;
  return (
    <section aria-labelledby="explanation-title">
      <h2 id="explanation-title">Why the range is this wide</h2>
      <div className="segmented" role="group" aria-label="Horizon explained">
        {explained.map((h) => (
          <button key={h.horizon} type="button" aria-pressed={h.horizon === selected.horizon} onClick={() => setHorizon(h.horizon)}>
            {h.horizon}
          </button>
        ))}
      </div>
      <div className="card" data-testid="explanation">
        {describeExplanation(e, selected.horizon, window).map((line) => (
          <p key={line}>{line}</p>
        ))}
        {e.terms.length > 0 && (
          <>
            <p className="muted">
              {e.intervalSource === 'naive' ? 'What the model sees (not used for this range): ' : 'What moves the range: '}
              each bar is one reason's effect on its width, wider to the right.
            </p>
            <ContributionBars explanation={e} window={window} />
            <p className="muted">Usual: the typical range the model gave this coin at this horizon over {usualSpan}.</p>
          </>
        )}
      </div>
    </section>
  );
}

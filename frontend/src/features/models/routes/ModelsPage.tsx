import { formatChance, formatDate, formatDateTime } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { ModelDiagnosticsSection } from '../components/ModelDiagnostics';
import { useModels, type LiveDay, type ModelRecord, type ModelsView } from '../api/models';
import { eventLabel, explainEvent, GROUP_LABELS, horizonWords, modelName, STATUS_LABELS, versusBaseline } from '../model/words';

type Group = ModelRecord['horizonGroup'];

/** Per-horizon figures of a model's out-of-sample test, as a small table. */
function BacktestTable({ model }: { model: ModelRecord }) {
  const locale = useLocale();
  const horizons = model.backtest?.horizons ?? {};
  const rows = (GROUP_LABELS[model.horizonGroup]?.horizons ?? []).filter((h) => horizons[h]);
  if (rows.length === 0) return <p className="muted">No test figures for this model.</p>;
  return (
    <div className="table-wrap">
      <table aria-label={`Test results of ${modelName(model, locale)}`}>
        <thead>
          <tr>
            <th scope="col">Horizon</th>
            <th scope="col" className="num">
              Price inside its 80% range
            </th>
            <th scope="col" className="num">
              Baseline's range
            </th>
            <th scope="col">Overall score</th>
            <th scope="col" className="num">
              Forecasts tested
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((h) => {
            const f = horizons[h]!;
            return (
              <tr key={h}>
                <th scope="row">{horizonWords(h)}</th>
                <td className="num">{formatChance(f.coverage80, locale)}</td>
                <td className="num">{formatChance(f.naiveCoverage80, locale)}</td>
                <td>{versusBaseline(f.relPinball, locale)}</td>
                <td className="num">{f.scored.toLocaleString(locale)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

function LiveLine({ model }: { model: ModelRecord }) {
  const locale = useLocale();
  const live = model.live?.['30d'] ?? null;
  if (!live || live.n === 0) return <p className="muted">No live forecast of this model has reached its target time in the last 30 days yet.</p>;
  return (
    <p>
      Last 30 days, live: {live.n.toLocaleString(locale)} forecasts scored; the price ended inside the 80% range {formatChance(live.coverage80, locale)} of the
      time
      {live.naiveCoverage80 !== undefined ? ` (baseline ${formatChance(live.naiveCoverage80, locale)})` : ''}; overall {versusBaseline(live.relPinball, locale)}
      .
    </p>
  );
}

function ModelCard({ model }: { model: ModelRecord }) {
  const locale = useLocale();
  const name = modelName(model, locale);
  const window = model.backtestWindow;
  return (
    <article className="card model-card" aria-label={name}>
      <header className="page-head">
        <h3>{name}</h3>
        <span className={`status-pill status-${model.status}`}>{STATUS_LABELS[model.status]}</span>
      </header>
      {model.type === 'naive' ? (
        <p>
          Best guess "no change": the price at the target time equals the last closing price. Its ranges come from how much the coin has moved over the past
          months. Every model has to beat it to be used.
        </p>
      ) : (
        <>
          <p className="muted">
            Learned from prices up to {formatDateTime(model.trainedUntil ?? model.createdAt, locale)}
            {model.promotedAt ? `; serving since ${formatDateTime(model.promotedAt, locale)}` : ''}
            {model.retiredAt ? `; retired ${formatDateTime(model.retiredAt, locale)}` : ''}.
          </p>
          {window ? (
            <p data-testid="backtest-window">
              {window.outOfSample ? 'Tested on' : 'Checked on'} {formatDate(window.from, locale)} – {formatDate(window.to, locale)}
              {window.outOfSample && window.fittedUntil ? `, by a copy that only learned from prices before ${formatDate(window.fittedUntil, locale)}` : ''}:
            </p>
          ) : null}
          <BacktestTable model={model} />
          <LiveLine model={model} />
          <ModelDiagnosticsSection modelId={model.id} />
        </>
      )}
    </article>
  );
}

/** Live score of the served forecasts per day: below the dashed line = better than the no-change baseline. */
function LiveChart({ days, group }: { days: LiveDay[]; group: Group }) {
  const locale = useLocale();
  const points = days.filter((d) => d.group === group && d.relPinball !== null);
  if (points.length < 2) return <p className="muted">The live score chart appears after two days of scored forecasts.</p>;
  const W = 640;
  const H = 160;
  const P = 34;
  const values = points.map((d) => d.relPinball!);
  const lo = Math.min(0.9, ...values);
  const hi = Math.max(1.1, ...values);
  const x = (i: number) => P + (i / (points.length - 1)) * (W - 2 * P);
  const y = (v: number) => H - P / 2 - ((v - lo) / (hi - lo)) * (H - P);
  const path = points.map((d, i) => `${i ? 'L' : 'M'}${x(i).toFixed(1)},${y(d.relPinball!).toFixed(1)}`).join(' ');
  return (
    <figure className="live-chart" data-testid={`live-chart-${group}`}>
      <svg
        viewBox={`0 0 ${W} ${H}`}
        role="img"
        aria-label={`Live score of the ${GROUP_LABELS[group].title.toLowerCase()} forecasts per day, relative to the no-change baseline`}
      >
        <line x1={P} x2={W - P} y1={y(1)} y2={y(1)} className="baseline-line" strokeDasharray="4 3" />
        <text x={P - 4} y={y(1) + 4} textAnchor="end">
          1.0
        </text>
        <text x={P - 4} y={y(hi) + 8} textAnchor="end">
          {hi.toFixed(2)}
        </text>
        <text x={P - 4} y={y(lo)} textAnchor="end">
          {lo.toFixed(2)}
        </text>
        <text x={W - P} y={y(lo) - 4} textAnchor="end">
          better than "no change"
        </text>
        <text x={W - P} y={y(hi) + 10} textAnchor="end">
          worse than "no change"
        </text>
        <path d={path} className="live-line" fill="none" strokeWidth="2" />
        <text x={P} y={H - 2}>
          {formatDate(`${points[0]!.day}T00:00:00Z`, locale)}
        </text>
        <text x={W - P} y={H - 2} textAnchor="end">
          {formatDate(`${points.at(-1)!.day}T00:00:00Z`, locale)}
        </text>
      </svg>
      <figcaption className="legend">
        <span>
          Score of the forecasts shown to users, day by day, divided by the no-change baseline's score on the same days. Below the dashed line: better than "no
          change".
        </span>
      </figcaption>
    </figure>
  );
}

function GroupSection({ group, view }: { group: Group; view: ModelsView }) {
  const inGroup = view.models.filter((m) => m.horizonGroup === group);
  if (!inGroup.length) return null;
  const champion = inGroup.filter((m) => m.status === 'champion');
  const trial = inGroup.filter((m) => m.status === 'challenger');
  const retired = inGroup.filter((m) => m.status === 'retired' && m.type !== 'naive');
  const label = GROUP_LABELS[group];
  return (
    <section aria-labelledby={`models-${group}`}>
      <h2 id={`models-${group}`}>
        {label.title} <span className="muted">({label.horizons.map(horizonWords).join(', ')} ahead)</span>
      </h2>
      <div className="grid">
        {[...champion, ...trial].map((model) => (
          <ModelCard key={model.id} model={model} />
        ))}
      </div>
      <LiveChart days={view.liveByDay} group={group} />
      {retired.length > 0 && (
        <details>
          <summary>Earlier models ({retired.length})</summary>
          <div className="grid">
            {retired.map((model) => (
              <ModelCard key={model.id} model={model} />
            ))}
          </div>
        </details>
      )}
    </section>
  );
}

export function ModelsPage() {
  const locale = useLocale();
  const models = useModels();
  return (
    <main className="page">
      <h1>Forecast models</h1>
      <p className="hint">
        Which model makes the forecasts you see, how it was tested, and why it was chosen. A model only replaces the simple "no change" baseline after it has
        done clearly better on prices it had not seen; a model on trial forecasts alongside without being shown, and takes over only when the live results prove
        it better.
      </p>
      {models.isPending ? (
        <Loading />
      ) : models.isError ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : models.data.models.length === 0 ? (
        <EmptyState title="No models yet">Models appear after the forecasting service has started.</EmptyState>
      ) : (
        <>
          {(['intraday', 'hourly', 'daily'] as const).map((group) => (
            <GroupSection key={group} group={group} view={models.data} />
          ))}
          <section aria-labelledby="model-events">
            <h2 id="model-events">What happened and why</h2>
            {models.data.events.length === 0 ? (
              <p className="muted">Nothing has happened yet.</p>
            ) : (
              <ul className="event-list">
                {models.data.events.slice(0, 40).map((event, i) => (
                  <li key={`${event.at}-${i}`}>
                    <span className="muted">{formatDateTime(event.at, locale)}</span> · <strong>{eventLabel(event.kind)}</strong>
                    {event.horizonGroup ? <span className="muted"> ({GROUP_LABELS[event.horizonGroup].title.toLowerCase()})</span> : null}:{' '}
                    {explainEvent(event, models.data.models, locale)}
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </main>
  );
}

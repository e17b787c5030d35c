import { formatDateTime } from '../../../lib/format';
import { useLocale } from '../../../lib/locale';
import { EmptyState, ErrorState, Loading } from '../../../lib/ui';
import { useModels, type ModelRecord } from '../api/models';

/** Readable names for the metrics the forecasting service reports. */
const METRIC_LABELS: Record<string, string> = {
  mae: 'Average miss (MAE)',
  naiveMae: 'Naive average miss',
  relMae: 'Miss vs naive (lower is better)',
  rmse: 'RMSE',
  mape: 'Average % miss',
  coverage80: 'Inside 80% range',
  coverage95: 'Inside 95% range',
  pinball: 'Pinball loss',
  crps: 'CRPS',
  directionalAccuracy: 'Direction right',
  n: 'Forecasts scored',
  folds: 'Backtest folds',
};

function formatMetric(key: string, value: unknown, locale?: string): string {
  if (typeof value !== 'number') return value === null || value === undefined ? '—' : String(value);
  if (/coverage|accuracy/i.test(key)) return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(value);
}

function Metrics({ title, metrics }: { title: string; metrics: Record<string, unknown> | null }) {
  const locale = useLocale();
  // One level of nesting (e.g. live: {'7d': {...}, '30d': {...}}) is flattened into "7d mae".
  const entries = Object.entries(metrics ?? {}).flatMap(([key, value]): [string, unknown][] =>
    value && typeof value === 'object' && !Array.isArray(value)
      ? Object.entries(value as Record<string, unknown>).filter(([, v]) => typeof v !== 'object' || v === null).map(([k, v]) => [`${key} ${k}`, v])
      : Array.isArray(value)
        ? []
        : [[key, value]],
  );
  return (
    <div>
      <h4>{title}</h4>
      {entries.length === 0 ? (
        <p className="muted">No figures yet.</p>
      ) : (
        <dl className="metrics">
          {entries.map(([key, value]) => (
            <div key={key}>
              <dt className="muted">{METRIC_LABELS[key] ?? key.replace(/ (\w+)$/, (_, last: string) => ` · ${METRIC_LABELS[last] ?? last}`)}</dt>
              <dd>{formatMetric(key, value, locale)}</dd>
            </div>
          ))}
        </dl>
      )}
    </div>
  );
}

function ModelCard({ model }: { model: ModelRecord }) {
  const locale = useLocale();
  return (
    <article className="card" aria-label={`${model.type} ${model.version}`}>
      <header className="page-head">
        <h3>
          {model.type} <span className="muted">v{model.version}</span>
        </h3>
        <span className={`status-pill status-${model.status}`}>{model.status}</span>
      </header>
      <p className="muted">Trained {formatDateTime(model.createdAt, locale)}</p>
      <div className="grid">
        <Metrics title="Backtest" metrics={model.backtest} />
        <Metrics title="Live" metrics={model.live} />
      </div>
    </article>
  );
}

export function ModelsPage() {
  const locale = useLocale();
  const models = useModels();
  return (
    <main className="page">
      <h1>Forecast models</h1>
      <p className="hint">
        For each group of horizons one model is the champion (its forecasts are shown); challengers are scored on the same live
        data and replace it when they do better. "Naive" means "the price stays where it is" — every model must beat it.
      </p>
      {models.isPending ? (
        <Loading />
      ) : models.isError ? (
        <ErrorState error={models.error} onRetry={() => models.refetch()} />
      ) : models.data.models.length === 0 ? (
        <EmptyState title="No models trained yet">Models appear after the first training job runs (see the backend's forecasting settings).</EmptyState>
      ) : (
        <>
          {(['hourly', 'daily'] as const).map((group) => {
            const inGroup = models.data.models.filter((m) => m.horizonGroup === group);
            if (!inGroup.length) return null;
            const order = { champion: 0, challenger: 1, retired: 2 } as const;
            return (
              <section key={group} aria-labelledby={`models-${group}`}>
                <h2 id={`models-${group}`}>{group === 'hourly' ? 'Hourly horizons' : 'Daily horizons'}</h2>
                <div className="grid">
                  {[...inGroup]
                    .sort((a, b) => order[a.status] - order[b.status])
                    .map((model) => (
                      <ModelCard key={model.id} model={model} />
                    ))}
                </div>
              </section>
            );
          })}
          <section aria-labelledby="model-events">
            <h2 id="model-events">Lifecycle events</h2>
            {models.data.events.length === 0 ? (
              <p className="muted">No promotions or retirements yet.</p>
            ) : (
              <ul>
                {models.data.events.map((event, i) => (
                  <li key={`${event.at}-${i}`}>
                    {formatDateTime(event.at, locale)} — <strong>{event.kind}</strong>: {event.reason}
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

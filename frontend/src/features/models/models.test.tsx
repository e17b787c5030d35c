import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { normaliseModels } from './api/models';
import { explainEvent, modelName } from './model/words';

const horizons = {
  '1h': { scored: 1200, relPinball: 0.958, coverage80: 0.79, naiveCoverage80: 0.77 },
  '4h': { scored: 1100, relPinball: 0.97, coverage80: 0.8, naiveCoverage80: 0.78 },
  '24h': { scored: 900, relPinball: 1.01, coverage80: 0.81, naiveCoverage80: 0.8 },
};
const model = (id: string, status: string, horizonGroup: string, extra: object = {}) => ({
  id,
  version: id,
  type: id === 'naive' ? 'naive' : 'ensemble',
  status,
  horizonGroup,
  backtest: { horizons, relPinball: 0.97, coverage80: 0.8, n: 3200, dailyErrorStd: 0.01, trainSeconds: 120 },
  backtestWindow: { from: '2026-10-18T00:00:00.000Z', to: '2026-12-02T03:00:00.000Z', fittedUntil: '2026-10-18T00:00:00.000Z', outOfSample: true },
  live: { '7d': null, '30d': { n: 400, relPinball: 0.96, coverage80: 0.78, naiveCoverage80: 0.76 } },
  trainedUntil: '2026-12-02T03:00:00.000Z',
  createdAt: '2026-12-02T03:15:13.049Z',
  promotedAt: status === 'champion' ? '2026-12-02T03:20:00.000Z' : null,
  retiredAt: null,
  ...extra,
});
const events = [
  {
    at: '2026-12-02T03:20:00.000Z',
    kind: 'promoted',
    horizonGroup: 'hourly',
    modelId: 'ensemble-20261202T03',
    reason:
      'first trained model replaces the naive baseline: it beats the naive baseline on its out-of-sample backtest 2026-10-18 to 2026-12-02: pinball ratio 0.962, DM statistic -4.10, 45.0 independent outcomes (3200 scored forecasts)',
    details: {
      evidence: {
        basis: 'backtest',
        against: 'naive',
        scored: 3200,
        effectiveN: 45,
        ratio: 0.962,
        statistic: -4.1,
        window: { from: '2026-10-18T00:00:00.000Z', to: '2026-12-02T03:00:00.000Z' },
      },
    },
  },
  {
    at: '2026-12-02T03:16:00.000Z',
    kind: 'retrain_requested',
    horizonGroup: null,
    modelId: null,
    reason: 'manual retraining requested by admin@example.com',
    details: {},
  },
];

describe('models page (issue 16: reads like a product page)', () => {
  it('shows human names, local dates, per-horizon test figures, the test window, why each event happened, and no raw keys', async () => {
    server.use(
      http.get(`${API}/models`, () =>
        HttpResponse.json({
          models: [
            model('ensemble-20261202T03', 'champion', 'hourly'),
            model('naive', 'retired', 'hourly', { type: 'naive', backtest: {}, backtestWindow: null, trainedUntil: null }),
            model('ensemble-20261202T03', 'challenger', 'daily', { id: 'd1' }),
          ],
          events,
          liveByDay: [
            { group: 'hourly', day: '2026-11-30', scored: 300, relPinball: 0.98, coverage80: 0.8 },
            { group: 'hourly', day: '2026-12-01', scored: 300, relPinball: 0.95, coverage80: 0.79 },
          ],
        }),
      ),
    );
    renderApp({ path: '/models' });
    const hourly = (await screen.findByRole('heading', { name: /Next hour to next day/ })).closest('section')!;
    const card = within(hourly).getAllByRole('article')[0]!;
    expect(card).toHaveAccessibleName(/^Ensemble model trained to /);
    expect(within(card).getByText('Serving now')).toBeInTheDocument();
    expect(within(card).getByTestId('backtest-window')).toHaveTextContent(/Tested on .*2026.* – .*2026.*, by a copy that only learned from prices before/);
    const table = within(card).getByRole('table');
    expect(within(table).getByText('1 hour')).toBeInTheDocument();
    expect(within(table).getByText('4.2% better than the no-change baseline')).toBeInTheDocument();
    expect(within(table).getByText('1% worse than the no-change baseline')).toBeInTheDocument();
    expect(screen.getByTestId('live-chart-hourly')).toBeInTheDocument();
    const history = screen.getByRole('heading', { name: 'What happened and why' }).closest('section')!;
    expect(history).toHaveTextContent(
      /Started serving .*It now serves the forecasts because, in a test on .* it had not been trained on: 3.8% better than the no-change baseline, over about 45 independent outcomes, a difference too large to be luck/,
    );
    expect(history).toHaveTextContent('Manual retraining requested by an administrator');
    const page = document.body.textContent!;
    for (const raw of [
      'dailyErrorStd',
      'trainSeconds',
      '2026-12-02T03:15:13.049Z',
      'ensemble-20261202T03',
      'champion',
      'challenger',
      'relPinball',
      '7d ·',
      'admin@example.com',
    ]) {
      expect(page).not.toContain(raw);
    }
  });

  it('accepts the {models, events} shape too', () => {
    const view = normaliseModels({ models: [], events: [{ at: '2026-01-01T00:00:00Z', kind: 'retired', reason: 'drift' }] });
    expect(view.events).toHaveLength(1);
    expect(view.liveByDay).toEqual([]);
  });

  it('turns a reason without figures into words (names instead of versions, local dates)', () => {
    const m = model('ensemble-20261202T03', 'champion', 'hourly');
    const text = explainEvent(
      {
        at: '',
        kind: 'drift_detected',
        reason: 'drift: mean KS statistic 0.2345678 of recent vs training-window hourly returns over 16 coins exceeds 0.2 since 2026-11-01',
        details: {},
      },
      [m as never],
      'en-GB',
    );
    expect(text).toContain('a change score of 0.235');
    expect(text).toContain('1 Nov 2026');
    expect(modelName(m as never, 'en-GB')).toMatch(/^Ensemble model trained to 2 Dec 2026/);
    // Admin actions are recorded with a user-id prefix (no e-mail): readers see a role, not an id.
    expect(explainEvent({ at: '', kind: 'promoted', reason: 'promoted manually by admin 1a2b3c4d', details: {} }, [], 'en-GB')).toBe(
      'Promoted manually by an administrator',
    );
  });
});

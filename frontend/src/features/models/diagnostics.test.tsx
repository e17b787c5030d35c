import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { errorVersusBaseline, guardEvidence, pointSource, rangeSource } from './model/diagnostics';

const step = (decision: 'model' | 'blend' | 'naive', meanLossDiff: number, significant: boolean) => ({
  decision,
  statistic: significant ? -3 : -0.5,
  meanLossDiff,
  effectiveN: 365,
  significant,
});
const training = {
  validationOrigins: 1460,
  naiveMae: 0.8,
  members: [
    { member: 'ridge', weight: 0.7, validationMae: 0.78 },
    { member: 'gru', weight: 0.3, validationMae: 0.79 },
    { member: 'cnn', weight: 0, validationMae: 0.82 },
  ],
  shrink: 0.5,
  tails: { member: 'gru', weight: 0.25 },
  point: step('model', -0.021, true),
  interval: step('blend', -0.034, true),
};
const diagnostics = {
  modelId: 'm1',
  version: 'ensemble-20261202T03',
  horizonGroup: 'hourly',
  complete: true,
  window: { from: '2026-10-18T00:00:00.000Z', to: '2026-12-02T03:00:00.000Z', fittedUntil: '2026-10-18T00:00:00.000Z' },
  lossCurves: [
    { member: 'gru', loss: [0.52, 0.45, 0.41, 0.4] },
    { member: 'cnn', loss: [0.55, 0.47, 0.44, 0.43] },
  ],
  horizons: [
    {
      horizon: '1h',
      scored: 1200,
      relMae: 0.998,
      relPinball: 0.958,
      coverage80: 0.79,
      naiveCoverage80: 0.77,
      calibration: [
        { nominal: 0.5, observed: 0.49, naive: 0.46 },
        { nominal: 0.8, observed: 0.79, naive: 0.77 },
        { nominal: 0.9, observed: 0.89, naive: 0.88 },
      ],
      terciles: [
        { coverage80: 0.78, naiveCoverage80: 0.83, origins: 400 },
        { coverage80: 0.8, naiveCoverage80: 0.78, origins: 400 },
        { coverage80: 0.79, naiveCoverage80: 0.7, origins: 400 },
      ],
      training,
    },
    {
      horizon: '24h',
      scored: 900,
      relMae: 1.0,
      relPinball: 0.99,
      coverage80: 0.81,
      naiveCoverage80: 0.8,
      calibration: [],
      terciles: [],
      training: { ...training, members: [], shrink: 0, tails: null, point: step('naive', 0.001, false), interval: step('naive', -0.004, false) },
    },
  ],
  perCoin: [
    { coin: 'BTC/USDT', scored: 600, relMae: 0.99, relPinball: 0.95, coverage80: 0.8, naiveCoverage80: 0.78 },
    { coin: 'ETH/USDT', scored: 600, relMae: 1.01, relPinball: 0.97, coverage80: 0.78, naiveCoverage80: 0.76 },
  ],
};
const model = {
  id: 'm1',
  version: 'ensemble-20261202T03',
  type: 'ensemble',
  status: 'champion',
  horizonGroup: 'hourly',
  backtest: { horizons: { '1h': { scored: 1200, relPinball: 0.958, coverage80: 0.79, naiveCoverage80: 0.77 } } },
  backtestWindow: { from: '2026-10-18T00:00:00.000Z', to: '2026-12-02T03:00:00.000Z', fittedUntil: '2026-10-18T00:00:00.000Z', outOfSample: true },
  live: { '7d': null, '30d': null },
  trainedUntil: '2026-12-02T03:00:00.000Z',
  createdAt: '2026-12-02T03:15:13.049Z',
  promotedAt: '2026-12-02T03:20:00.000Z',
  retiredAt: null,
  previousChampionId: null,
};

describe('model diagnostics (issue 21)', () => {
  it('loads when opened and shows error by horizon, calibration, turbulence, members and the guard, loss curves and the coin table in plain words', async () => {
    let fetched = 0;
    server.use(
      http.get(`${API}/models`, () => HttpResponse.json({ models: [model], events: [], liveByDay: [] })),
      http.get(`${API}/models/m1/diagnostics`, () => {
        fetched++;
        return HttpResponse.json(diagnostics);
      }),
    );
    renderApp({ path: '/models' });
    const summary = await screen.findByText('How it was tested, in detail');
    expect(fetched).toBe(0); // not fetched until opened
    await userEvent.click(summary);
    const body = await screen.findByTestId('model-diagnostics');
    expect(fetched).toBe(1);
    const errors = within(body).getByRole('table', { name: /error by horizon/ });
    expect(within(errors).getByRole('row', { name: /1 hour/ })).toHaveTextContent(/4.2% lower\s*typical miss: same\s*79%\s*baseline 77%/);
    expect(within(body).getByTestId('diagnostics-calibration')).toBeInTheDocument();
    const turbulence = within(body).getByRole('table', { name: /turbulence/ });
    expect(within(turbulence).getByRole('row', { name: /1 hour/ })).toHaveTextContent(/78%.*baseline 83%.*80%.*79%.*baseline 70%/);
    const guard = within(body).getByTestId('diagnostics-guard');
    expect(guard).toHaveTextContent(/1 hour: best guess — regression on price indicators 70%, recurrent neural network 30%, moved 50% of the way/);
    expect(guard).toHaveTextContent(/average of the model's range \(its outer edges partly from the recurrent neural network\) and the baseline's/);
    expect(guard).toHaveTextContent(/24 hours: best guess — No change: no model beat it clearly/);
    expect(within(body).getByTestId('diagnostics-loss')).toHaveTextContent(/convolutional neural network/);
    const coins = within(body).getByRole('table', { name: /by coin/ });
    expect(within(coins).getAllByRole('row')).toHaveLength(3);
    // No internal names or statistics jargon.
    expect(body.textContent).not.toMatch(/ridge|gru|cnn|pinball|guard|Diebold|relMae|null|NaN/i);
  });

  it('says so when a model was tested before the full diagnostics were kept', async () => {
    server.use(
      http.get(`${API}/models`, () => HttpResponse.json({ models: [model], events: [], liveByDay: [] })),
      http.get(`${API}/models/m1/diagnostics`, () => HttpResponse.json({ ...diagnostics, complete: false, perCoin: [], lossCurves: [] })),
    );
    renderApp({ path: '/models' });
    await userEvent.click(await screen.findByText('How it was tested, in detail'));
    expect(await screen.findByText(/tested before the calibration curve and the per-coin table were kept/)).toBeInTheDocument();
    expect(screen.queryByRole('table', { name: /by coin/ })).not.toBeInTheDocument();
  });

  it('words the figures', () => {
    expect(errorVersusBaseline(0.9)).toBe('10% lower');
    expect(errorVersusBaseline(1.002)).toBe('same');
    expect(errorVersusBaseline(null)).toBe('—');
    expect(pointSource({ ...training, members: [{ member: 'ridge', weight: 1, validationMae: 0.7 }] })).toBe(
      'regression on price indicators, moved 50% of the way from "no change"',
    );
    expect(rangeSource({ ...training, interval: step('naive', 0, false) })).toBe("The baseline's range: the model's did not beat it clearly");
    expect(guardEvidence(step('model', -0.034, true))).toBe('3.4% lower error than the baseline, over about 365 independent outcomes (too large to be luck)');
  });
});

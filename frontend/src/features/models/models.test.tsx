import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { API, server } from '../../../test/server';
import { renderApp } from '../../../test/render';
import { normaliseModels } from './api/models';

const model = (id: string, status: string, horizonGroup: string, extra: object = {}) => ({
  id,
  version: id,
  type: id.startsWith('lstm') ? 'lstm' : 'ridge',
  status,
  horizonGroup,
  backtest: { mae: 123.456, coverage80: 0.79 },
  live: null,
  createdAt: '2026-01-01T00:00:00.000Z',
  ...extra,
});

describe('models page', () => {
  it('groups models per horizon group with the champion first and shows lifecycle events', async () => {
    server.use(
      http.get(`${API}/models`, () =>
        HttpResponse.json([
          model('ridge-2', 'challenger', 'hourly'),
          model('lstm-1', 'champion', 'hourly', { events: [{ at: '2026-01-02T00:00:00.000Z', kind: 'promoted', reason: 'beat ridge-1 by 12% MAE' }] }),
          model('ridge-9', 'champion', 'daily'),
        ]),
      ),
    );
    renderApp({ path: '/models' });
    const hourly = (await screen.findByRole('heading', { name: 'Hourly horizons' })).closest('section')!;
    const cards = within(hourly).getAllByRole('article');
    expect(cards[0]).toHaveAccessibleName('lstm lstm-1');
    expect(within(cards[0]!).getByText('champion')).toBeInTheDocument();
    expect(within(cards[0]!).getByText('79%')).toBeInTheDocument();
    expect(screen.getByText(/beat ridge-1 by 12% MAE/)).toBeInTheDocument();
  });

  it('accepts the {models, events} shape too', () => {
    const view = normaliseModels({ models: [], events: [{ at: '2026-01-01T00:00:00Z', kind: 'retired', reason: 'drift' }] });
    expect(view.events).toHaveLength(1);
  });
});

import { describe, expect, it } from 'vitest';
import { forecastMoveTriggers, probabilityAbove } from '../../src/alerts/engine/forecast-move';

const forecast = { forecastId: 'f1', issuedAt: new Date(0), up: 0.3, down: 0.15 };

describe('forecast_move evaluation', () => {
  it('either direction adds the up and down tail probabilities', () => {
    expect(forecastMoveTriggers({ pct: 5, probability: 45 }, forecast)).toBe(true);
    expect(forecastMoveTriggers({ pct: 5, probability: 46 }, forecast)).toBe(false);
  });
  it('a directional rule reads only its tail', () => {
    expect(forecastMoveTriggers({ pct: 5, probability: 30, direction: 'above' }, forecast)).toBe(true);
    expect(forecastMoveTriggers({ pct: 5, probability: 20, direction: 'below' }, forecast)).toBe(false);
  });
  it('probabilityAbove interpolates the CDF between quantiles and clamps outside', () => {
    const q = [
      { level: 0.1, value: -4 },
      { level: 0.5, value: 0 },
      { level: 0.9, value: 4 },
    ];
    expect(probabilityAbove(q, 0)).toBeCloseTo(0.5);
    expect(probabilityAbove(q, 2)).toBeCloseTo(0.3);
    expect(probabilityAbove(q, 10)).toBeCloseTo(0.1);
    expect(probabilityAbove(q, -10)).toBeCloseTo(0.9);
  });
});

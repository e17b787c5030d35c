import { Injectable } from '@nestjs/common';
import type { ForecastReader } from '../alerts/alert-ports';
import type { ForecastMoveProbability } from '../alerts/engine/forecast-move';
import { probabilityAbove } from '../alerts/engine/forecast-move';
import { ForecastsRepository, type StoredForecast } from './forecasts.repository';
import { QUANTILE_LEVELS } from './forecast-scoring';

/** Latest forecasts are reread at most this often per (symbol, horizon): the alert engine asks on every tick. */
const CACHE_MS = 15_000;

/** Move probabilities from a forecast's quantiles, as returns in percent of the origin price. Pure. */
export function moveProbability(f: StoredForecast, pct: number): ForecastMoveProbability {
  const quantiles = QUANTILE_LEVELS.map((level) => ({ level: Number(level), value: (f.quantiles[level] / f.lastPrice - 1) * 100 }));
  return {
    forecastId: f.id,
    issuedAt: new Date(f.createdAt),
    up: probabilityAbove(quantiles, pct),
    down: 1 - probabilityAbove(quantiles, -pct),
  };
}

/** The alerts domain's FORECAST_READER, over the forecast store (latest served forecast). */
@Injectable()
export class StoreForecastReader implements ForecastReader {
  private readonly cache = new Map<string, { at: number; forecast: StoredForecast | null }>();

  constructor(private readonly store: ForecastsRepository) {}

  async moveProbability(symbol: string, horizon: string, pct: number): Promise<ForecastMoveProbability | null> {
    const key = `${symbol}|${horizon}`;
    let entry = this.cache.get(key);
    if (!entry || Date.now() - entry.at > CACHE_MS) {
      const rows = await this.store.latestServed([symbol]);
      entry = { at: Date.now(), forecast: rows.find((f) => f.horizon === horizon) ?? null };
      this.cache.set(key, entry);
    }
    return entry.forecast ? moveProbability(entry.forecast, pct) : null;
  }
}

/** The strategies the backtest compares. Each reads only the forecast at the decision (and the weight held). */
import { YEAR_MS } from './metrics';
import { probabilityUp, type ForecastQuantiles } from './probability';
import type { Strategy } from './simulate';

/** Standard normal quantile at 0.9: the q0.1..q0.9 range of a normal is 2 × 1.2816 σ. */
const Z90 = 1.2815515655446004;

/** Annualised volatility implied by a forecast's 80 % range (log q0.9/q0.1 over 2 × z0.9, scaled by √(year / horizon)). */
export function forecastVolatility(f: ForecastQuantiles, horizonMs: number): number | undefined {
  const lo = f.quantiles['0.1'];
  const hi = f.quantiles['0.9'];
  if (!(lo > 0 && hi > lo)) return undefined;
  return (Math.log(hi / lo) / (2 * Z90)) * Math.sqrt(YEAR_MS / horizonMs);
}

export interface StrategySettings {
  /** Forecast horizon = decision step, ms. */
  horizonMs: number;
  /** Annualised volatility the vol-targeted exposure aims at. */
  targetVol: number;
  /** Cap on the vol-targeted exposure (1 = no leverage). */
  maxExposure: number;
  /** The direction signal is long when P(up) exceeds this (fixed a priori, never fitted on the test window). */
  upThreshold: number;
}

export const DEFAULT_STRATEGY_SETTINGS: Omit<StrategySettings, 'horizonMs'> = { targetVol: 0.5, maxExposure: 1, upThreshold: 0.5 };

/** P(up) this close to the threshold counts as not above it (binary noise of a median that equals the last price). */
const EPS = 1e-9;

export function volTargetStrategy(s: Pick<StrategySettings, 'horizonMs' | 'targetVol' | 'maxExposure'>): Strategy {
  return {
    name: 'vol-target',
    label: 'Volatility-targeted',
    description:
      `Invests more when the forecast range is narrow and less when it is wide, aiming at ${Math.round(s.targetVol * 100)} % yearly swings ` +
      `(exposure = ${Math.round(s.targetVol * 100)} % ÷ the forecast's yearly volatility), ` +
      (s.maxExposure > 1 ? `at most ${s.maxExposure} times the amount (borrowing the rest)` : 'never more than the whole amount'),
    target: (f) => {
      if (!f) return undefined;
      const vol = forecastVolatility(f, s.horizonMs);
      return vol === undefined ? undefined : Math.min(s.maxExposure, s.targetVol / vol);
    },
  };
}

export function directionStrategy(s: Pick<StrategySettings, 'upThreshold'>): Strategy {
  return {
    name: 'direction',
    label: 'Direction signal',
    description: `Fully invested when the forecast gives a rise a probability above ${Math.round(s.upThreshold * 100)} %, out of the market otherwise`,
    target: (f) => (f ? (probabilityUp(f) > s.upThreshold + EPS ? 1 : 0) : undefined),
  };
}

export const buyAndHoldStrategy: Strategy = {
  name: 'buy-and-hold',
  label: 'Buy and hold',
  description: 'Buys at the first decision and holds to the end',
  target: () => 1,
};

export function defaultStrategies(s: StrategySettings): Strategy[] {
  return [volTargetStrategy(s), directionStrategy(s), buyAndHoldStrategy];
}

export { probabilityAbove, probabilityUp, type ForecastQuantiles } from './probability';
export { strategyMetrics, equityCurve, maxDrawdown, annualisationFactor, YEAR_MS, type StrategyMetrics } from './metrics';
export { simulate, costPerUnit, DEFAULT_COSTS, type CostModel, type DecisionPoint, type PeriodResult, type SimulationResult, type Strategy } from './simulate';
export {
  forecastVolatility,
  volTargetStrategy,
  directionStrategy,
  buyAndHoldStrategy,
  defaultStrategies,
  DEFAULT_STRATEGY_SETTINGS,
  type StrategySettings,
} from './strategies';
export {
  runStrategies,
  portfolioOf,
  medianOverCoins,
  verdicts,
  DEFAULT_REBALANCE_BAND,
  type CoinStrategyReport,
  type StrategyRunOptions,
  type SummaryMetrics,
  type Verdict,
} from './report';
export { decisionTimes, modelDecisionPoints } from './points';

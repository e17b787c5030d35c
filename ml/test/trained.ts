import { DAY_MS } from '../src/data/horizons';
import { trainDefaultModel } from '../src/models/ensemble';
import type { CoinHistory, ForecastModel } from '../src/types';
import { syntheticHourly } from './synthetic';

/** A small default (ensemble) model trained quickly on synthetic coins, shared by tests. */
export async function smallEnsemble(seed = 7): Promise<{ model: ForecastModel; histories: CoinHistory[]; until: number }> {
  const histories = [21, 22].map((s) => syntheticHourly(`S${s}`, 500, s));
  const until = histories[0]!.hourly[0]!.openTime + 420 * DAY_MS;
  const model = await trainDefaultModel(histories, {
    until,
    seed,
    trainYears: 1,
    validationDays: 20,
    maxNeuralSamples: 600,
    neuralEpochs: 2,
  });
  return { model, histories, until };
}

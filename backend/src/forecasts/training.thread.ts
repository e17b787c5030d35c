/**
 * Worker-thread entry: trains a model off the main event loop (training runs for minutes and would otherwise stall
 * the API, the ticker polling and the alert engine of an embedded single-process deployment), then posts the
 * serialised artifact back. Loaded by ThreadedModelTrainer; no Nest here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeIntradayModel, serializeModel, trainIntradayModel, trainModel, type CoinHistory } from '@coincast/ml';
import { intradayTrainOptions } from './intraday-models';

interface TrainingRequest {
  /** FORECAST_MODEL: a model registry name or alias (ensemble, vol); or the sub-hour model (intraday). */
  kind: 'ensemble' | 'vol' | 'intraday';
  histories: CoinHistory[];
  until: number;
  /** kind intraday: what intradayTrainOptions takes besides `until`. */
  intraday?: Omit<Parameters<typeof intradayTrainOptions>[0], 'until'>;
}

async function run(): Promise<void> {
  const { kind, histories, until, intraday } = workerData as TrainingRequest;
  const artifact =
    kind === 'intraday'
      ? serializeIntradayModel(await trainIntradayModel(histories, intradayTrainOptions({ until, ...intraday! })))
      : serializeModel(await trainModel(kind, histories, { until }));
  parentPort!.postMessage(
    { ok: true, artifact },
    Object.values(artifact.files).map((f) => f.buffer as ArrayBuffer),
  );
}

run().catch((error: unknown) => {
  parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
});

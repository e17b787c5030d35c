/**
 * Worker-thread entry: trains a model off the main event loop (training runs for minutes and would otherwise stall
 * the API, the ticker polling and the alert engine of an embedded single-process deployment), then posts the
 * serialised artifact back. Loaded by ThreadedModelTrainer; no Nest here.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { serializeModel, trainModel, type CoinHistory } from '@coincast/ml';

interface TrainingRequest {
  /** FORECAST_MODEL: a model registry name or alias (ensemble, vol). */
  kind: 'ensemble' | 'vol';
  histories: CoinHistory[];
  until: number;
}

async function run(): Promise<void> {
  const { kind, histories, until } = workerData as TrainingRequest;
  const model = await trainModel(kind, histories, { until });
  const artifact = serializeModel(model);
  parentPort!.postMessage(
    { ok: true, artifact },
    Object.values(artifact.files).map((f) => f.buffer as ArrayBuffer),
  );
}

run().catch((error: unknown) => {
  parentPort!.postMessage({ ok: false, message: error instanceof Error ? error.message : String(error) });
});

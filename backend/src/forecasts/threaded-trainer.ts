import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserializeIntradayModel, deserializeModel, type CoinHistory, type ForecastModel, type IntradayForecastModel, type ModelArtifact } from '@coincast/ml';
import type { ModelTrainer } from './forecast-ports';
import type { IntradayTrainer } from './intraday-ports';

type ThreadReply = { ok: true; artifact: ModelArtifact } | { ok: false; message: string };

/** Where the thread entry is: `.js` next to this file once built, `.ts` when running from sources (swc-node). */
export function trainingThreadFile(): string | undefined {
  const ext = path.extname(__filename);
  const file = path.join(__dirname, `training.thread${ext}`);
  return existsSync(file) ? file : undefined;
}

/**
 * Trains in a worker thread and deserialises the artifact it posts back. When no thread can be started (e.g. under
 * a test runner that compiles TypeScript in-process), it falls back to `inProcess`.
 */
export class ThreadedModelTrainer implements ModelTrainer {
  constructor(
    private readonly kind: 'ensemble' | 'vol',
    private readonly inProcess: ModelTrainer,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  async train(histories: CoinHistory[], until: number): Promise<ForecastModel> {
    const artifact = await trainInThread({ kind: this.kind, histories, until }, this.warn);
    return artifact ? deserializeModel(artifact) : this.inProcess.train(histories, until);
  }
}

/** The sub-hour model trained in a worker thread (the same thread entry), or on `inProcess` when none can start. */
export class ThreadedIntradayTrainer implements IntradayTrainer {
  constructor(
    private readonly inProcess: IntradayTrainer,
    private readonly warn: (message: string) => void = () => undefined,
  ) {}

  async train(histories: CoinHistory[], options: Parameters<IntradayTrainer['train']>[1]): Promise<IntradayForecastModel> {
    const { until, ...intraday } = options;
    const artifact = await trainInThread({ kind: 'intraday', histories, until, intraday }, this.warn);
    return artifact ? deserializeIntradayModel(artifact) : this.inProcess.train(histories, options);
  }
}

/** Runs training.thread with `workerData`; undefined when no thread can start (the caller trains in-process). */
async function trainInThread(workerData: Record<string, unknown>, warn: (message: string) => void): Promise<ModelArtifact | undefined> {
  const file = trainingThreadFile();
  if (!file || (file.endsWith('.ts') && !process.execArgv.some((arg) => arg.includes('swc-node')))) return undefined;
  let started = false;
  try {
    return await new Promise<ModelArtifact>((resolve, reject) => {
      const worker = new Worker(file, { workerData });
      worker.once('online', () => (started = true));
      worker.once('message', (reply: ThreadReply) => {
        void worker.terminate();
        if (reply.ok) resolve(reply.artifact);
        else reject(new Error(reply.message));
      });
      worker.once('error', reject);
      worker.once('exit', (code) => reject(new Error(`training thread exited with code ${code}`)));
    });
  } catch (error) {
    if (started) throw error; // the training itself failed: report it
    warn(`training thread could not start (${(error as Error).message}); training in the main thread`);
    return undefined;
  }
}

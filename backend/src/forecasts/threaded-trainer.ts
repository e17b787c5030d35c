import { existsSync } from 'node:fs';
import path from 'node:path';
import { Worker } from 'node:worker_threads';
import { deserializeModel, type CoinHistory, type ForecastModel, type ModelArtifact } from '@coincast/ml';
import type { ModelTrainer } from './forecast-ports';

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
    const file = trainingThreadFile();
    if (!file || (file.endsWith('.ts') && !process.execArgv.some((arg) => arg.includes('swc-node')))) {
      return this.inProcess.train(histories, until);
    }
    let started = false;
    try {
      const artifact = await new Promise<ModelArtifact>((resolve, reject) => {
        const worker = new Worker(file, { workerData: { kind: this.kind, histories, until } });
        worker.once('online', () => (started = true));
        worker.once('message', (reply: ThreadReply) => {
          void worker.terminate();
          if (reply.ok) resolve(reply.artifact);
          else reject(new Error(reply.message));
        });
        worker.once('error', reject);
        worker.once('exit', (code) => reject(new Error(`training thread exited with code ${code}`)));
      });
      return deserializeModel(artifact);
    } catch (error) {
      if (started) throw error; // the training itself failed: report it
      this.warn(`training thread could not start (${(error as Error).message}); training in the main thread`);
      return this.inProcess.train(histories, until);
    }
  }
}

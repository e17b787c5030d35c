import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { deserializeModel, loadModelFromDir, saveModelToDir, serializeModel } from '../src/artifacts/artifacts';
import { historyUntil } from '../src/data/candles';
import { DAY_MS, HOUR_MS } from '../src/data/horizons';
import { naiveModel } from '../src/models/baselines';
import { fitVolParams, volModel } from '../src/models/vol-model';
import { ALL_HORIZONS } from '../src/types';
import { smallEnsemble } from './trained';

describe('artifacts', () => {
  it('the default model round-trips through a directory and a buffer with identical predictions', async () => {
    const { model, histories, until } = await smallEnsemble();
    const dir = mkdtempSync(join(tmpdir(), 'coincast-ml-'));
    try {
      saveModelToDir(model, dir);
      expect(readdirSync(dir).sort()).toEqual(['cnn.weights.bin', 'gru.weights.bin', 'metadata.json']);
      const md = JSON.parse(readFileSync(join(dir, 'metadata.json'), 'utf8'));
      expect(md.type).toBe('ensemble');
      for (const key of ['version', 'features', 'hyperparameters', 'trainingRange', 'dataHash', 'libraries', 'weights']) expect(md).toHaveProperty(key);
      const loaded = loadModelFromDir(dir);
      const fromBuffer = deserializeModel(serializeModel(model));
      for (const t of [until + 3 * DAY_MS, until + 40 * DAY_MS + 5 * HOUR_MS]) {
        for (const h of histories) {
          const cut = historyUntil(h, t, model.lookback);
          const expected = model.predict(cut, [...ALL_HORIZONS]);
          expect(expected).toHaveLength(5);
          expect(loaded.predict(cut, [...ALL_HORIZONS])).toEqual(expected);
          expect(fromBuffer.predict(cut, [...ALL_HORIZONS])).toEqual(expected);
        }
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 300_000);

  it('simple models round-trip too, and unknown types are rejected', async () => {
    const { histories, until } = await smallEnsemble();
    const g = volModel(fitVolParams(histories, until));
    const back = deserializeModel(serializeModel(g));
    const cut = historyUntil(histories[0]!, until + DAY_MS, g.lookback);
    expect(back.predict(cut, ['1h', '7d'])).toEqual(g.predict(cut, ['1h', '7d']));
    expect(deserializeModel(serializeModel(naiveModel())).type).toBe('naive');
    expect(() => deserializeModel({ metadata: { type: 'nope' }, files: {} })).toThrow(/unknown model type/);
  }, 300_000);
});

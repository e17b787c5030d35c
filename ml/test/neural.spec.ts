import { describe, expect, it } from 'vitest';
import {
  buildNetwork,
  defaultNeuralConfig,
  exportWeights,
  N_INPUTS,
  N_OUTPUTS,
  predictNeural,
  SEQ_LEN,
  sequenceAt,
  trainNeural,
  type NeuralDataset,
} from '../src/models/neural';
import { tf } from '../src/models/tf-backend';
import { volPath } from '../src/models/volatility';
import { seededRandom } from '../src/math';
import { syntheticHourly } from './synthetic';

/** A learnable toy task: the target's location depends on the mean of the first input channel. */
function toyData(n: number, seed: number): NeuralDataset {
  const rnd = seededRandom(seed);
  const x: Float32Array[] = [];
  const y: number[][] = [];
  for (let i = 0; i < n; i++) {
    const s = new Float32Array(SEQ_LEN * N_INPUTS);
    let m = 0;
    for (let k = 0; k < SEQ_LEN; k++) {
      s[k * 2] = rnd() * 2 - 1;
      s[k * 2 + 1] = rnd() - 0.5;
      m += s[k * 2]!;
    }
    const noise = (rnd() - 0.5) * 0.2;
    y.push([m / 4 + noise, m / 2 + noise, m + noise]);
    x.push(s);
  }
  return { x, y };
}

describe('neural members', () => {
  it.each(['gru', 'cnn'] as const)(`%s maps [batch, ${SEQ_LEN}, ${N_INPUTS}] to [batch, ${N_OUTPUTS}]`, (kind) => {
    const net = buildNetwork(defaultNeuralConfig(kind));
    const out = net.predict(tf.zeros([5, SEQ_LEN, N_INPUTS])) as tf.Tensor;
    expect(out.shape).toEqual([5, N_OUTPUTS]);
    out.dispose();
  });

  it.each(['gru', 'cnn'] as const)('%s training reduces the pinball loss and is reproducible with a fixed seed', async (kind) => {
    const data = toyData(800, 1);
    const cfg = { ...defaultNeuralConfig(kind, 3), epochs: 6, batchSize: 64, learningRate: 0.01 };
    const a = await trainNeural(cfg, data);
    expect(a.lossHistory).toHaveLength(6);
    expect(a.lossHistory[5]!).toBeLessThan(a.lossHistory[0]! * 0.8);
    const b = await trainNeural(cfg, data);
    expect(b.lossHistory).toEqual(a.lossHistory);
    expect(exportWeights(b).data).toEqual(exportWeights(a).data);
    // quantile outputs on the training inputs are ordered after training for most samples
    const preds = await predictNeural(a, data.x.slice(0, 100));
    const ordered = preds.filter((p) => p.every((q) => q[0]! <= q[1]! && q[1]! <= q[2]!)).length;
    expect(ordered).toBeGreaterThan(60);
  });

  it('builds input sequences from the volatility path only up to the origin', () => {
    const h = syntheticHourly('T', 30, 9).hourly;
    const cfg = { garch: { alpha: 0.1, beta: 0.85 }, seasonal: [1], levelWindow: 200 };
    const full = volPath(h, cfg);
    const cut = volPath(h.slice(0, 400), cfg);
    expect(sequenceAt(full, 399)).toEqual(sequenceAt(cut, 399));
    expect(sequenceAt(full, 10)).toBeUndefined();
  });
});

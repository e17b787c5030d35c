/**
 * Small global neural quantile models (GRU and 1D CNN) on volatility-normalised hourly returns. One model serves
 * all coins: inputs are standardised residuals and log variance ratios from the volatility filter, outputs are the
 * 0.1/0.5/0.9 quantiles of the standardised 1h/4h/24h returns (multi-horizon head), trained with pinball loss.
 */
import { seededRandom } from '../math';
import { tf, useBackendFor, type TfWorkload } from './tf-backend';
import type { VolPath } from './volatility';

export const NEURAL_HORIZONS = ['1h', '4h', '24h'] as const;
export const NEURAL_STEPS = [1, 4, 24];
export const NEURAL_TAUS = [0.1, 0.5, 0.9];
export const SEQ_LEN = 32;
export const N_INPUTS = 2;
export const N_OUTPUTS = NEURAL_STEPS.length * NEURAL_TAUS.length;

export type NeuralKind = 'gru' | 'cnn';

export interface NeuralConfig {
  kind: NeuralKind;
  units: number;
  seed: number;
  epochs: number;
  batchSize: number;
  learningRate: number;
}

export function defaultNeuralConfig(kind: NeuralKind, seed = 42): NeuralConfig {
  return { kind, units: kind === 'gru' ? 8 : 8, seed, epochs: 4, batchSize: 256, learningRate: 0.005 };
}

export function workloadOf(kind: NeuralKind): TfWorkload {
  return kind === 'gru' ? 'recurrent' : 'conv';
}

/** Pure model builder (shape-tested). Input [batch, SEQ_LEN, N_INPUTS] → output [batch, N_OUTPUTS]. */
export function buildNetwork(cfg: NeuralConfig): tf.LayersModel {
  const m = tf.sequential();
  const init = (k: number) => tf.initializers.glorotUniform({ seed: cfg.seed + k });
  if (cfg.kind === 'gru') {
    m.add(
      tf.layers.gru({
        units: cfg.units,
        inputShape: [SEQ_LEN, N_INPUTS],
        kernelInitializer: init(1),
        recurrentInitializer: tf.initializers.orthogonal({ seed: cfg.seed + 2 }),
      }),
    );
  } else {
    m.add(tf.layers.conv1d({ filters: cfg.units, kernelSize: 4, strides: 2, inputShape: [SEQ_LEN, N_INPUTS], activation: 'relu', kernelInitializer: init(1) }));
    m.add(tf.layers.conv1d({ filters: cfg.units, kernelSize: 3, strides: 2, activation: 'relu', kernelInitializer: init(3) }));
    m.add(tf.layers.flatten());
  }
  m.add(tf.layers.dense({ units: N_OUTPUTS, kernelInitializer: init(4) }));
  return m;
}

/** Mean pinball loss; outputs are laid out horizon-major: [h0 q0.1, h0 q0.5, h0 q0.9, h1 q0.1, ...]. */
export function pinballLoss(yTrue: tf.Tensor, yPred: tf.Tensor): tf.Scalar {
  return tf.tidy(() => {
    const taus = tf.tensor1d(NEURAL_STEPS.flatMap(() => NEURAL_TAUS));
    const e = tf.sub(yTrue, yPred);
    return tf.mean(tf.maximum(tf.mul(taus, e), tf.mul(tf.sub(taus, 1), e))) as tf.Scalar;
  });
}

/** Input sequence at origin j from a volatility path (standardised residual, log variance ratio). */
export function sequenceAt(path: VolPath, j: number): Float32Array | undefined {
  if (j - SEQ_LEN < 1) return undefined;
  const out = new Float32Array(SEQ_LEN * N_INPUTS);
  for (let k = 0; k < SEQ_LEN; k++) {
    const t = j - SEQ_LEN + 1 + k;
    const z = path.u[t]! / Math.sqrt(path.vNext[t - 1]!);
    out[k * 2] = Math.max(-6, Math.min(6, z));
    out[k * 2 + 1] = Math.max(-4, Math.min(4, Math.log(path.vNext[t]! / path.level[t]!)));
  }
  return out;
}

export interface NeuralDataset {
  x: Float32Array[];
  /** Standardised realised returns per horizon (NEURAL_STEPS), one row per sample. */
  y: number[][];
}

export interface TrainedNeural {
  cfg: NeuralConfig;
  net: tf.LayersModel;
  lossHistory: number[];
  backend: string;
}

export async function trainNeural(cfg: NeuralConfig, data: NeuralDataset): Promise<TrainedNeural> {
  const backend = await useBackendFor(workloadOf(cfg.kind));
  // Deterministic shuffle (tfjs' own shuffle uses Math.random).
  const rnd = seededRandom(cfg.seed);
  const order = data.x.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const k = Math.floor(rnd() * (i + 1));
    [order[i], order[k]] = [order[k]!, order[i]!];
  }
  const n = order.length;
  const xs = new Float32Array(n * SEQ_LEN * N_INPUTS);
  const ys = new Float32Array(n * N_OUTPUTS);
  order.forEach((src, i) => {
    xs.set(data.x[src]!, i * SEQ_LEN * N_INPUTS);
    for (let h = 0; h < NEURAL_STEPS.length; h++)
      for (let q = 0; q < NEURAL_TAUS.length; q++) ys[i * N_OUTPUTS + h * NEURAL_TAUS.length + q] = data.y[src]![h]!;
  });
  const net = buildNetwork(cfg);
  net.compile({ optimizer: tf.train.adam(cfg.learningRate), loss: pinballLoss });
  const x = tf.tensor3d(xs, [n, SEQ_LEN, N_INPUTS]);
  const y = tf.tensor2d(ys, [n, N_OUTPUTS]);
  const h = await net.fit(x, y, { epochs: cfg.epochs, batchSize: cfg.batchSize, shuffle: false, verbose: 0 });
  x.dispose();
  y.dispose();
  return { cfg, net, lossHistory: (h.history.loss as number[]).map(Number), backend };
}

/** Predicts quantiles of standardised returns: result[i][h][q]. */
export async function predictNeural(m: TrainedNeural, inputs: Float32Array[]): Promise<number[][][]> {
  await useBackendFor(workloadOf(m.cfg.kind));
  return predictNeuralSync(m, inputs);
}

/** Synchronous variant for the per-origin predict path (the backend must already be selected). */
export function predictNeuralSync(m: TrainedNeural, inputs: Float32Array[]): number[][][] {
  if (inputs.length === 0) return [];
  const flat = new Float32Array(inputs.length * SEQ_LEN * N_INPUTS);
  inputs.forEach((x, i) => flat.set(x, i * SEQ_LEN * N_INPUTS));
  const out = tf.tidy(() => (m.net.predict(tf.tensor3d(flat, [inputs.length, SEQ_LEN, N_INPUTS])) as tf.Tensor).dataSync());
  return inputs.map((_, i) => NEURAL_STEPS.map((__, h) => NEURAL_TAUS.map((___, q) => out[i * N_OUTPUTS + h * NEURAL_TAUS.length + q]!)));
}

/** Weights as one little-endian float32 buffer plus the shapes, for portable artifacts (no file:// handler needed). */
export function exportWeights(m: TrainedNeural): { shapes: number[][]; data: Uint8Array } {
  const ws = m.net.getWeights();
  const arrays = ws.map((w) => w.dataSync() as Float32Array);
  const total = arrays.reduce((a, b) => a + b.length, 0);
  const all = new Float32Array(total);
  let off = 0;
  for (const a of arrays) {
    all.set(a, off);
    off += a.length;
  }
  return { shapes: ws.map((w) => w.shape), data: new Uint8Array(all.buffer.slice(0)) };
}

export function importWeights(cfg: NeuralConfig, shapes: number[][], data: Uint8Array, lossHistory: number[], backend: string): TrainedNeural {
  const net = buildNetwork(cfg);
  const floats = new Float32Array(data.buffer.slice(data.byteOffset, data.byteOffset + data.byteLength));
  let off = 0;
  const tensors = shapes.map((s) => {
    const size = s.reduce((a, b) => a * b, 1);
    const t = tf.tensor(floats.subarray(off, off + size), s);
    off += size;
    return t;
  });
  net.setWeights(tensors);
  tensors.forEach((t) => t.dispose());
  return { cfg, net, lossHistory, backend };
}

/**
 * TensorFlow.js backend selection: tfjs-node (native) when its optional install worked, else wasm, else the
 * pure-JS cpu backend. Convolutions train on cpu unless native is there: the wasm backend lacks Conv backprop.
 */
import * as tf from '@tensorflow/tfjs';

let nativeTried = false;
let nativeOk = false;
let wasmTried = false;
let wasmOk = false;
const logged = new Set<string>();

export type TfWorkload = 'recurrent' | 'conv';

export let backendLogger: (message: string) => void = (m) => process.stderr.write(`${m}\n`);
export function setBackendLogger(fn: (message: string) => void): void {
  backendLogger = fn;
}

export async function useBackendFor(workload: TfWorkload): Promise<string> {
  if (!nativeTried) {
    nativeTried = true;
    try {
      // Optional dependency: absent offline. Loading it registers the 'tensorflow' backend.
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- optional dependency, loaded only when installed
      require('@tensorflow/tfjs-node');
      nativeOk = tf.findBackend('tensorflow') !== undefined || (await tf.setBackend('tensorflow'));
    } catch {
      nativeOk = false;
    }
  }
  let name = 'cpu';
  if (nativeOk) name = 'tensorflow';
  else if (workload === 'recurrent') {
    if (!wasmTried) {
      wasmTried = true;
      try {
        // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded (and registered) only when needed
        require('@tensorflow/tfjs-backend-wasm');
        wasmOk = await tf.setBackend('wasm');
      } catch {
        wasmOk = false;
      }
    }
    if (wasmOk) name = 'wasm';
  }
  if (tf.getBackend() !== name) await tf.setBackend(name);
  await tf.ready();
  const key = `${workload}:${name}`;
  if (!logged.has(key)) {
    logged.add(key);
    backendLogger(`[ml] tfjs backend for ${workload} models: ${name}`);
  }
  return name;
}

export { tf };

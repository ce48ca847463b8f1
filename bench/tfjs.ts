// TensorFlow.js 4.22 cases on its `cpu` (plain JS) and `wasm` (XNNPACK, SIMD) backends, loaded from
// node_modules with no network access.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire, register } from 'node:module';
import { dirname, join } from 'node:path';
import { timeIt } from './harness.js';
import { BatchCursor } from './mnist.js';

// tfjs-core's Node bundle leaves gradients out (the @tensorflow/tfjs bundle registers them). Its
// ESM sources do register them, but import without file extensions, so a resolve hook adds '.js'.
// Both copies share tfjs's global kernel and gradient registries.
const EXTENSION_HOOK = `export async function resolve(spec, ctx, next) {
  try { return await next(spec, ctx); } catch (e) {
    if (spec.startsWith('.') && !spec.endsWith('.js')) return next(spec + '.js', ctx);
    throw e;
  }
}`;
register('data:text/javascript,' + encodeURIComponent(EXTENSION_HOOK));
await import('@tensorflow/tfjs-core/dist/register_all_gradients.js' as string);

/** Points the wasm backend at its .wasm files inside node_modules, then selects `name`. */
export async function useTf(name: 'cpu' | 'wasm'): Promise<void> {
  if (name === 'wasm') {
    const require = createRequire(import.meta.url);
    const dir = join(dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'dist');
    setWasmPaths(dir + '/');
  }
  const ok = await tf.setBackend(name);
  if (!ok) throw new Error(`TensorFlow.js backend ${name} failed to initialise`);
  await tf.ready();
}

export function tfMatmulGflops(n: number): number {
  const a = tf.randomUniform([n, n]), b = tf.randomUniform([n, n]);
  const s = timeIt(() => { const c = tf.matMul(a, b); c.dataSync(); c.dispose(); }, { warmup: 2, minMs: 500 });
  a.dispose(); b.dispose();
  return 2 * n ** 3 / s / 1e9;
}

function glorot(shape: number[], fanIn: number): tf.Variable {
  return tf.variable(tf.randomUniform(shape, -1 / Math.sqrt(fanIn), 1 / Math.sqrt(fanIn)));
}

/** The same 784-256-10 MLP SGD step as ours, written the TensorFlow.js way (variables + minimize). */
export function tfMlpSamplesPerSec(batch: number, cursor: BatchCursor): number {
  const w1 = glorot([784, 256], 784), b1 = tf.variable(tf.zeros([256])), w2 = glorot([256, 10], 256), b2 = tf.variable(tf.zeros([10]));
  const opt = tf.train.sgd(0.01);
  const s = timeIt(() => {
    const { x, y } = cursor.next();
    tf.tidy(() => {
      const xs = tf.tensor2d(x, [batch, 784]);
      const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 10);
      opt.minimize(() => {
        const h = tf.relu(tf.add(tf.matMul(xs, w1), b1));
        return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(h, w2), b2)) as tf.Scalar;
      });
    });
  }, { warmup: 5, minMs: 600 });
  for (const v of [w1, b1, w2, b2]) v.dispose();
  opt.dispose();
  return batch / s;
}

/** LeNet training step (NHWC, as TensorFlow.js lays images out). Throws where a backend lacks a kernel. */
export function tfLenetSamplesPerSec(batch: number, cursor: BatchCursor): number {
  const v = {
    c1: glorot([5, 5, 1, 6], 25), c1b: tf.variable(tf.zeros([6])), c2: glorot([5, 5, 6, 16], 150), c2b: tf.variable(tf.zeros([16])),
    f1: glorot([400, 120], 400), f1b: tf.variable(tf.zeros([120])), f2: glorot([120, 84], 120), f2b: tf.variable(tf.zeros([84])),
    f3: glorot([84, 10], 84), f3b: tf.variable(tf.zeros([10])),
  };
  const opt = tf.train.sgd(0.01);
  try {
    const s = timeIt(() => {
      const { x, y } = cursor.next();
      tf.tidy(() => {
        const xs = tf.tensor4d(x, [batch, 28, 28, 1]);
        const ys = tf.oneHot(tf.tensor1d(y, 'int32'), 10);
        opt.minimize(() => {
          let h: tf.Tensor = tf.maxPool(tf.relu(tf.add(tf.conv2d(xs, v.c1 as tf.Tensor4D, 1, 'same'), v.c1b)) as tf.Tensor4D, 2, 2, 'valid');
          h = tf.maxPool(tf.relu(tf.add(tf.conv2d(h as tf.Tensor4D, v.c2 as tf.Tensor4D, 1, 'valid'), v.c2b)) as tf.Tensor4D, 2, 2, 'valid');
          h = tf.reshape(h, [batch, 400]);
          h = tf.relu(tf.add(tf.matMul(h as tf.Tensor2D, v.f1), v.f1b));
          h = tf.relu(tf.add(tf.matMul(h as tf.Tensor2D, v.f2), v.f2b));
          return tf.losses.softmaxCrossEntropy(ys, tf.add(tf.matMul(h as tf.Tensor2D, v.f3), v.f3b)) as tf.Scalar;
        });
      });
    }, { warmup: 2, rounds: 2, minMs: 600 });
    return batch / s;
  } finally {
    for (const t of Object.values(v)) t.dispose();
    opt.dispose();
  }
}

/** conv2d forward + backward (input and filter gradients), 5x5 'same', in milliseconds. */
export function tfConvMs(batch: number, c: number, hw: number, o: number): number {
  const x = tf.randomNormal([batch, hw, hw, c]) as tf.Tensor4D, w = tf.randomNormal([5, 5, c, o]) as tf.Tensor4D;
  const g = tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(tf.conv2d(a as tf.Tensor4D, b as tf.Tensor4D, 1, 'same')));
  try {
    const s = timeIt(() => { const [dx, dw] = g([x, w]); dx.dataSync(); dw.dataSync(); dx.dispose(); dw.dispose(); }, { warmup: 2, rounds: 2, minMs: 500 });
    return s * 1000;
  } finally { x.dispose(); w.dispose(); }
}

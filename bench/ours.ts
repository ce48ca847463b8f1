// Our library's cases: matmul, the MNIST MLP training step, LeNet training step, conv2d fwd+bwd.
import { setBackend, setNumThreads, backend } from '../src/backend/registry.js';
import { wasmRuntime } from '../src/backend/wasm/index.js';
import { Tensor } from '../src/core/tensor.js';
import { randn } from '../src/core/creation.js';
import { manualSeed } from '../src/core/random.js';
import { Linear, Flatten } from '../src/nn/linear.js';
import { ReLU } from '../src/nn/activation.js';
import { Sequential } from '../src/nn/containers.js';
import { CrossEntropyLoss } from '../src/nn/loss.js';
import { Conv2d } from '../src/nn/conv.js';
import { MaxPool2d } from '../src/nn/pooling.js';
import { SGD } from '../src/optim/sgd.js';
import { timeIt } from './harness.js';
import { BatchCursor } from './mnist.js';

function use(name: string, threads: number): void { setBackend(name); setNumThreads(threads); }

/** GFLOPS of an n x n x n float32 matmul. */
export function matmulGflops(name: string, threads: number, n: number): number {
  use(name, threads);
  const a = Float32Array.from({ length: n * n }, (_, i) => ((i * 7919) % 1000) / 1000 - 0.5);
  const b = Float32Array.from({ length: n * n }, (_, i) => ((i * 104729) % 1000) / 1000 - 0.5);
  const c = new Float32Array(n * n);
  const k = backend();
  const s = timeIt(() => k.matmul(a, b, c, n, n, n, false, false, false), { warmup: 2, rounds: 3, minMs: name === 'js' ? 300 : 500 });
  return 2 * n ** 3 / s / 1e9;
}

function trainStep(model: Sequential, opt: SGD, lossFn: CrossEntropyLoss, x: Tensor, y: Tensor): void {
  opt.zeroGrad();
  lossFn.forward(model.forward(x), y).backward();
  opt.step();
}

/** Samples per second of one SGD training step of the 784-256-10 MLP on real MNIST batches. */
/** One SGD training step of a fresh 784-256-10 MLP (seed 0) per call, on the cursor's next batch. */
function mlpStepper(batch: number, cursor: BatchCursor): () => void {
  manualSeed(0);
  const model = new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 10));
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  const lossFn = new CrossEntropyLoss();
  return () => {
    const { x, y } = cursor.next();
    trainStep(model, opt, lossFn, new Tensor(x, [batch, 784]), new Tensor(y, [batch]));
  };
}

export function mlpSamplesPerSec(name: string, threads: number, batch: number, cursor: BatchCursor): number {
  use(name, threads);
  const s = timeIt(mlpStepper(batch, cursor), { warmup: 5, minMs: name === 'js' ? 300 : 600 });
  return batch / s;
}

/** LeNet-5-like CNN as in REFERENCES.md: conv5x5x6-pool-conv5x5x16-pool-fc120-fc84-fc10. */
export function lenet(): Sequential {
  return new Sequential(
    new Conv2d(1, 6, 5, { padding: 2 }), new ReLU(), new MaxPool2d(2),
    new Conv2d(6, 16, 5), new ReLU(), new MaxPool2d(2),
    new Flatten(), new Linear(400, 120), new ReLU(), new Linear(120, 84), new ReLU(), new Linear(84, 10));
}

/** Samples per second of one SGD training step of LeNet on real MNIST batches. */
export function lenetSamplesPerSec(name: string, threads: number, batch: number, cursor: BatchCursor): number {
  use(name, threads);
  manualSeed(0);
  const model = lenet();
  const opt = new SGD(model.parameters(), { lr: 0.01 });
  const lossFn = new CrossEntropyLoss();
  const s = timeIt(() => {
    const { x, y } = cursor.next();
    trainStep(model, opt, lossFn, new Tensor(x, [batch, 1, 28, 28]), new Tensor(y, [batch]));
  }, { warmup: 2, rounds: 2, minMs: name === 'js' ? 300 : 600 });
  return batch / s;
}

/** Milliseconds for conv2d forward + backward (input and weight grads), 5x5 'same'. */
export function convMs(name: string, threads: number, batch: number, c: number, hw: number, o: number): number {
  use(name, threads);
  manualSeed(0);
  const conv = new Conv2d(c, o, 5, { padding: 2 });
  const x = randn([batch, c, hw, hw], { requiresGrad: true });
  const s = timeIt(() => {
    conv.zeroGrad(); x.grad = null;
    conv.forward(x).sum().backward();
  }, { warmup: 2, rounds: 2, minMs: name === 'js' ? 300 : 500 });
  return s * 1000;
}

/**
 * What moving operands through the scratch arena costs one MLP training step (batch 64): floats
 * copied into and out of wasm memory per step, the copy rate, and their share of the step time,
 * an upper bound on what keeping tensor storage inside wasm memory could save.
 */
export function arenaCopyCost(cursor: BatchCursor): { floatsPerStep: number; nsPerFloat: number; stepMs: number; share: number } {
  use('wasm', 1);
  const arena = wasmRuntime()!.arena;
  const step = mlpStepper(64, cursor);
  for (let i = 0; i < 5; i++) step();
  const c0 = arena.copied.in + arena.copied.out;
  const steps = 50;
  for (let i = 0; i < steps; i++) step();
  const floatsPerStep = (arena.copied.in + arena.copied.out - c0) / steps;
  const stepMs = timeIt(step, { warmup: 2, minMs: 500 }) * 1000;
  // The same volume in one put and one get, as the kernels do it.
  const block = new Float32Array(Math.round(floatsPerStep / 2));
  const copyS = timeIt(() => { arena.reset(); arena.get(arena.put(block), block); }, { warmup: 3, minMs: 300 });
  const nsPerFloat = copyS * 1e9 / (2 * block.length);
  return { floatsPerStep, nsPerFloat, stepMs, share: floatsPerStep * nsPerFloat / 1e6 / stepMs };
}

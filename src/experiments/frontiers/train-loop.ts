import { Tensor } from '../../core/tensor.js';
import { indexSelect } from '../../core/ops/indexing.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { ValueError } from '../../core/errors.js';
import type { ExperimentContext } from '../types.js';

/**
 * Minibatch loop over row indices: `step(rows)` builds the loss for a batch; the loop shuffles with
 * ctx.generator, steps the optimizer, shows progress and stops on Ctrl-C. Returns seconds spent.
 */
export function trainRows(ctx: ExperimentContext, label: string, opt: Optimizer<{ lr: number }>, n: number, epochs: number, batchSize: number,
  step: (rows: Int32Array) => Tensor): number {
  const t0 = performance.now();
  let k = 0;
  for (let epoch = 1; epoch <= epochs && !ctx.signal.aborted; epoch++) {
    const order = ctx.generator.permutation(n);
    const bar = ctx.progress(`${label} ${epoch}/${epochs}`, n, 'samples');
    let running = NaN;
    for (let s = 0; s < n && !ctx.signal.aborted; s += batchSize) {
      const rows = order.subarray(s, Math.min(n, s + batchSize));
      opt.zeroGrad();
      const loss = step(rows);
      const lv = loss.item();
      if (!Number.isFinite(lv)) throw new ValueError(`${label}: the loss became ${lv} at step ${k}; lower the learning rate`);
      loss.backward();
      opt.step();
      running = Number.isNaN(running) ? lv : 0.95 * running + 0.05 * lv;
      if (++k % 50 === 0) ctx.metric(`${label}/loss`, running, k);
      bar.tick(rows.length, { loss: running });
    }
    bar.done();
  }
  return (performance.now() - t0) / 1000;
}

/** Rows `idx` of a [N, ...] tensor (the core's indexSelect along dim 0). */
export function takeRows(x: Tensor, idx: ArrayLike<number>): Tensor {
  return indexSelect(x, 0, idx instanceof Int32Array ? new Tensor(idx, [idx.length]) : Array.from(idx));
}

/** Int32 labels at `idx`, mapped through `f`. */
export function takeLabels(y: Tensor, idx: ArrayLike<number>, f: (v: number) => number = (v) => v): Tensor {
  return new Tensor(Int32Array.from({ length: idx.length }, (_, k) => f(y.data[idx[k]])), [idx.length]);
}

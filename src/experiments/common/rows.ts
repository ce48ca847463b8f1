import { Tensor } from '../../core/tensor.js';
import { indexSelect } from '../../core/ops/indexing.js';

/**
 * Rows `idx` of a [N, ...] tensor (the core's indexSelect along dim 0): what a `trainLoop` loss
 * closure does with the rows it is handed.
 * @example takeRows(images, Int32Array.of(3, 1)).shape; // [2, 1, 28, 28]
 */
export function takeRows(x: Tensor, idx: ArrayLike<number>): Tensor {
  return indexSelect(x, 0, idx instanceof Int32Array ? new Tensor(idx, [idx.length]) : Array.from(idx));
}

/**
 * Int32 labels at `idx`, mapped through `f` (derived tasks such as parity).
 * @example takeLabels(labels, rows, (d) => d % 2);
 */
export function takeLabels(y: Tensor, idx: ArrayLike<number>, f: (v: number) => number = (v) => v): Tensor {
  return new Tensor(Int32Array.from({ length: idx.length }, (_, k) => f(y.data[idx[k]])), [idx.length]);
}

import { Tensor } from '../core/tensor.js';
import { fmt } from '../core/shape.js';
import { IndexError, ShapeError } from '../core/errors.js';
import { indexSelect } from '../core/ops/indexing.js';

/** Anything indexable with a length. `getBatch` lets tensor-backed sets gather a whole batch at once. */
export interface Dataset<T = Tensor[]> {
  length: number;
  get(i: number): T;
  getBatch?(indices: Int32Array): T;
}

/**
 * Wraps tensors that share their first dim; item i is [t0[i], t1[i], ...].
 * @example const ds = new TensorDataset(images, labels); ds.get(0); // [image, label]
 */
export class TensorDataset implements Dataset<Tensor[]> {
  readonly tensors: Tensor[];
  constructor(...tensors: Tensor[]) {
    if (!tensors.length) throw new ShapeError('TensorDataset: needs at least one tensor');
    const n = tensors[0].shape[0];
    for (const t of tensors) {
      if (t.ndim === 0 || t.shape[0] !== n) throw new ShapeError(`TensorDataset: all tensors need the same first dim; got ${tensors.map((x) => fmt(x.shape)).join(' and ')}`);
    }
    this.tensors = tensors;
  }
  get length(): number { return this.tensors[0].shape[0]; }
  get(i: number): Tensor[] {
    if (!Number.isInteger(i) || i < 0 || i >= this.length) throw new IndexError(`TensorDataset.get: index ${i} out of range for ${this.length} items`);
    return this.tensors.map((t) => t.select(0, i));
  }
  getBatch(indices: Int32Array): Tensor[] {
    const idx = new Tensor(indices, [indices.length]);
    return this.tensors.map((t) => indexSelect(t, 0, idx));
  }
}

/** A contiguous or index-listed view of another dataset (train/validation splits). */
export class Subset<T> implements Dataset<T> {
  constructor(readonly dataset: Dataset<T>, readonly indices: Int32Array) {
    for (const i of indices) if (i < 0 || i >= dataset.length) throw new IndexError(`Subset: index ${i} out of range for ${dataset.length} items`);
  }
  get length(): number { return this.indices.length; }
  get(i: number): T { return this.dataset.get(this.indices[i]); }
  getBatch(indices: Int32Array): T {
    const mapped = indices.map((i) => this.indices[i]);
    return this.dataset.getBatch ? this.dataset.getBatch(mapped) : (undefined as never);
  }
}

/** Splits a dataset into consecutive parts of the given sizes after a seeded shuffle. */
export function randomSplit<T>(ds: Dataset<T>, sizes: number[], perm: Int32Array): Subset<T>[] {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total !== ds.length) throw new ShapeError(`randomSplit: sizes add to ${total} but the dataset has ${ds.length} items`);
  let at = 0;
  return sizes.map((s) => { const part = new Subset(ds, perm.slice(at, at + s)); at += s; return part; });
}

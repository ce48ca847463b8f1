import { Tensor } from '../core/tensor.js';
import { stack } from '../core/ops/indexing.js';
import { Generator, type GeneratorState } from '../core/random.js';
import { ValueError } from '../core/errors.js';
import type { Dataset } from './dataset.js';

export interface DataLoaderOptions {
  batchSize?: number;
  shuffle?: boolean;
  dropLast?: boolean;
  /** Seed of the loader's own generator, so data order does not disturb the global stream. */
  seed?: number;
  generator?: Generator;
}

/** Position of a loader inside an epoch, saved in checkpoints so a resumed run sees the same batches. */
export interface DataLoaderState { epoch: number; batch: number; generator: GeneratorState; order: number[] | null }

/**
 * Iterates a dataset in batches, shuffled each epoch by its own seeded generator.
 * @example
 * const loader = new DataLoader(train, { batchSize: 64, shuffle: true, seed: 0 });
 * for (const [x, y] of loader) { ... }
 */
export class DataLoader implements Iterable<Tensor[]> {
  readonly batchSize: number;
  readonly shuffle: boolean;
  readonly dropLast: boolean;
  readonly generator: Generator;
  private epoch = 0;
  private batch = 0;
  private order: Int32Array | null = null;

  constructor(readonly dataset: Dataset<Tensor[]>, opts: DataLoaderOptions = {}) {
    this.batchSize = opts.batchSize ?? 1;
    if (!Number.isInteger(this.batchSize) || this.batchSize < 1) throw new ValueError(`DataLoader: batchSize must be a positive integer, got ${opts.batchSize}`);
    this.shuffle = opts.shuffle ?? false;
    this.dropLast = opts.dropLast ?? false;
    this.generator = opts.generator ?? new Generator(opts.seed ?? 0);
  }

  /** Number of batches per epoch. */
  get length(): number {
    const n = this.dataset.length;
    return this.dropLast ? Math.floor(n / this.batchSize) : Math.ceil(n / this.batchSize);
  }

  *[Symbol.iterator](): Iterator<Tensor[]> {
    const n = this.dataset.length;
    if (!this.order) {
      if (this.shuffle) this.order = this.generator.permutation(n);
      else { this.order = new Int32Array(n); for (let i = 0; i < n; i++) this.order[i] = i; }
    }
    const order = this.order;
    while (this.batch < this.length) {
      const start = this.batch * this.batchSize;
      const idx = order.subarray(start, Math.min(start + this.batchSize, n));
      this.batch++;
      yield this.collate(idx);
    }
    this.epoch++; this.batch = 0; this.order = null;
  }

  private collate(idx: Int32Array): Tensor[] {
    if (this.dataset.getBatch) return this.dataset.getBatch(idx);
    const items = Array.from(idx, (i) => this.dataset.get(i));
    return items[0].map((_, k) => stack(items.map((it) => it[k])));
  }

  stateDict(): DataLoaderState {
    return { epoch: this.epoch, batch: this.batch, generator: this.generator.getState(), order: this.order ? Array.from(this.order) : null };
  }
  loadStateDict(s: DataLoaderState): void {
    if (!s || !Number.isInteger(s.epoch) || !Number.isInteger(s.batch)) throw new ValueError('DataLoader.loadStateDict: expected { epoch, batch, generator, order } from stateDict()');
    if (s.order && s.order.length !== this.dataset.length) throw new ValueError(`DataLoader.loadStateDict: saved order has ${s.order.length} items, the dataset has ${this.dataset.length}`);
    this.epoch = s.epoch; this.batch = s.batch;
    this.generator.setState(s.generator);
    this.order = s.order ? Int32Array.from(s.order) : null;
  }
}

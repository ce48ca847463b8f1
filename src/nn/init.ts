/**
 * Weight initialisation, in place, following torch.nn.init exactly (same bounds, gains and fans).
 * Each function fills the tensor's storage from the global generator (or `gen`) and returns it.
 *
 * @example
 * const w = zeros([256, 784]);
 * init.kaimingUniform(w, { a: Math.sqrt(5) }); // PyTorch's default Linear weight init
 */
import type { Tensor } from '../core/tensor.js';
import { defaultGenerator, type Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';

export type Nonlinearity = 'linear' | 'conv1d' | 'conv2d' | 'conv3d' | 'sigmoid' | 'tanh' | 'relu' | 'leaky_relu' | 'selu';

/** Recommended gain for a nonlinearity (torch.nn.init.calculate_gain). */
export function calculateGain(nonlinearity: Nonlinearity, param?: number): number {
  switch (nonlinearity) {
    case 'linear': case 'conv1d': case 'conv2d': case 'conv3d': case 'sigmoid': return 1;
    case 'tanh': return 5 / 3;
    case 'relu': return Math.SQRT2;
    case 'leaky_relu': { const a = param ?? 0.01; return Math.sqrt(2 / (1 + a * a)); }
    case 'selu': return 3 / 4;
    default: throw new ValueError(`calculateGain: unknown nonlinearity '${nonlinearity as string}'`);
  }
}

/** [fanIn, fanOut] of a weight tensor: dims 1 and 0 times the receptive field size. */
export function fans(t: Tensor): [number, number] {
  if (t.ndim < 2) throw new ValueError(`init: fan in and fan out need a tensor with at least 2 dims, got shape [${t.shape.join(', ')}]`);
  const receptive = t.shape.slice(2).reduce((a, d) => a * d, 1);
  return [t.shape[1] * receptive, t.shape[0] * receptive];
}

export function uniform(t: Tensor, a = 0, b = 1, gen: Generator = defaultGenerator): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = a + (b - a) * gen.uniform();
  return t;
}
export function normal(t: Tensor, mean = 0, std = 1, gen: Generator = defaultGenerator): Tensor {
  const d = t.data;
  for (let i = 0; i < d.length; i++) d[i] = mean + std * gen.normal();
  return t;
}
export function constant(t: Tensor, v: number): Tensor { t.data.fill(v); return t; }
export function zeros(t: Tensor): Tensor { return constant(t, 0); }
export function ones(t: Tensor): Tensor { return constant(t, 1); }

export function xavierUniform(t: Tensor, gain = 1, gen?: Generator): Tensor {
  const [fi, fo] = fans(t);
  const bound = gain * Math.sqrt(6 / (fi + fo));
  return uniform(t, -bound, bound, gen);
}
export function xavierNormal(t: Tensor, gain = 1, gen?: Generator): Tensor {
  const [fi, fo] = fans(t);
  return normal(t, 0, gain * Math.sqrt(2 / (fi + fo)), gen);
}

export interface KaimingOptions { a?: number; mode?: 'fan_in' | 'fan_out'; nonlinearity?: Nonlinearity; generator?: Generator }
function kaimingStd(t: Tensor, o: KaimingOptions): number {
  const [fi, fo] = fans(t);
  const fan = (o.mode ?? 'fan_in') === 'fan_in' ? fi : fo;
  return calculateGain(o.nonlinearity ?? 'leaky_relu', o.a ?? 0) / Math.sqrt(fan);
}
export function kaimingUniform(t: Tensor, o: KaimingOptions = {}): Tensor {
  const bound = Math.sqrt(3) * kaimingStd(t, o);
  return uniform(t, -bound, bound, o.generator);
}
export function kaimingNormal(t: Tensor, o: KaimingOptions = {}): Tensor {
  return normal(t, 0, kaimingStd(t, o), o.generator);
}

/** (Semi-)orthogonal matrix from the QR decomposition of a normal matrix (Saxe et al. 2013). */
export function orthogonal(t: Tensor, gain = 1, gen: Generator = defaultGenerator): Tensor {
  if (t.ndim < 2) throw new ValueError(`orthogonal: needs at least 2 dims, got shape [${t.shape.join(', ')}]`);
  const rows = t.shape[0], cols = t.data.length / rows;
  // Orthonormalise the longer side's vectors with modified Gram–Schmidt (Householder-equivalent with the sign fix).
  const n = Math.max(rows, cols), m = Math.min(rows, cols);
  const q = Array.from({ length: m }, () => Float64Array.from({ length: n }, () => gen.normal()));
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < i; j++) {
      let dot = 0;
      for (let k = 0; k < n; k++) dot += q[i][k] * q[j][k];
      for (let k = 0; k < n; k++) q[i][k] -= dot * q[j][k];
    }
    let nrm = 0;
    for (let k = 0; k < n; k++) nrm += q[i][k] * q[i][k];
    nrm = Math.sqrt(nrm) || 1;
    for (let k = 0; k < n; k++) q[i][k] /= nrm;
  }
  const d = t.data;
  for (let i = 0; i < m; i++) for (let k = 0; k < n; k++) {
    if (rows < cols) d[i * cols + k] = gain * q[i][k];
    else d[k * cols + i] = gain * q[i][k];
  }
  return t;
}

import { Tensor } from '../../core/tensor.js';
import { ShapeError } from '../../core/errors.js';
import { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/containers.js';
import { Linear } from '../../nn/linear.js';
import { ReLU, Tanh } from '../../nn/activation.js';
import { describeValue } from '../spaces.js';

/**
 * Stacks observations into a `[batch, obsDim]` float32 tensor, refusing any observation of the wrong
 * length (the usual sign of an agent built for another environment).
 *
 * @example
 * obsBatch('DQN', [new Float32Array(4)], 4).shape; // [1, 4]
 */
export function obsBatch(who: string, obs: readonly ArrayLike<number>[], obsDim: number): Tensor {
  const data = new Float32Array(obs.length * obsDim);
  obs.forEach((o, i) => {
    if (o === null || typeof o !== 'object' || typeof (o as ArrayLike<number>).length !== 'number' || o.length !== obsDim) {
      throw new ShapeError(`${who}: observation ${i} is ${describeValue(o)} but the network takes vectors of length ${obsDim}; build the agent with the environment's observation size`);
    }
    data.set(o, i * obsDim);
  });
  return new Tensor(data, [obs.length, obsDim]);
}

/**
 * A multilayer perceptron `sizes[0] → … → sizes[n-1]` with ReLU (or tanh) between layers and a linear output.
 *
 * @example
 * const q = mlp([4, 64, 64, 2]);
 */
export function mlp(sizes: number[], activation: 'relu' | 'tanh' = 'relu'): Sequential {
  const layers: (Module & { forward(x: Tensor): Tensor })[] = [];
  for (let i = 0; i + 1 < sizes.length; i++) {
    layers.push(new Linear(sizes[i], sizes[i + 1]));
    if (i + 2 < sizes.length) layers.push(activation === 'relu' ? new ReLU() : new Tanh());
  }
  return new Sequential(...layers);
}

/** Copies every parameter of `src` into `dst` (hard target-network update), or Polyak-averages with `tau`. */
export function copyParams(dst: Module, src: Module, tau = 1): void {
  const d = dst.parameters(), s = src.parameters();
  for (let i = 0; i < d.length; i++) {
    const a = d[i].data, b = s[i].data;
    if (tau === 1) a.set(b); else for (let j = 0; j < a.length; j++) a[j] += tau * (b[j] - a[j]);
  }
}

import { Tensor } from '../../core/tensor.js';
import type { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';

/**
 * One step of rate coding for networks trained with backprop: each value p in [0, 1]
 * (a pixel intensity) becomes a spike with probability p (Bernoulli per step, as snnTorch's
 * `spikegen.rate`), drawn from `gen` so the same seed gives the same spikes.
 * Returns float32 0/1 of the same shape, outside the graph.
 * @example bernoulliSpikes(tensor([0, 1, 0.5]), new Generator(0)).toArray(); // [0, 1, 0 or 1]
 */
export function bernoulliSpikes(p: Tensor, gen: Generator): Tensor {
  const pd = p.data, n = pd.length;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const v = pd[i];
    if (!(v >= 0 && v <= 1)) throw new ValueError(`bernoulliSpikes: spike probabilities must be in [0, 1], got ${v} at flat index ${i}; scale the input (e.g. pixels / 255)`);
    // Draw for every element (not only 0 < p < 1) so spike k depends only on the seed and k.
    out[i] = gen.uniform() < v ? 1 : 0;
  }
  return new Tensor(out, p.shape);
}

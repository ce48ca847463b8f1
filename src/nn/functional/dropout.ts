import { Tensor } from '../../core/tensor.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';

/**
 * Inverted dropout: zeroes each element with probability p and scales the rest by 1/(1−p);
 * identity when not training.
 * @example dropout(x, 0.5, model.training)
 */
export function dropout(x: Tensor, p = 0.5, training = true, gen: Generator = defaultGenerator): Tensor {
  if (!(p >= 0 && p <= 1)) throw new ValueError(`dropout: probability p must be in [0, 1], got ${p}`);
  if (!training || p === 0) return x;
  if (p === 1) return x.mul(0);
  const mask = new Float32Array(x.data.length);
  const scale = 1 / (1 - p);
  for (let i = 0; i < mask.length; i++) mask[i] = gen.uniform() >= p ? scale : 0;
  return x.mul(new Tensor(mask, x.shape));
}

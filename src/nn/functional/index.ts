/** Stateless versions of the layers and losses, like torch.nn.functional. */
import { Tensor } from '../../core/tensor.js';
export { linear } from '../../core/ops/linear.js';
export { softmax as softmaxOp } from '../../core/ops/softmax.js';
export { oneHot } from '../../core/ops/indexing.js';
export * from './loss.js';
export { dropout } from './dropout.js';

export const relu = (x: Tensor): Tensor => x.relu();
export const leakyRelu = (x: Tensor, negativeSlope = 0.01): Tensor => x.leakyRelu(negativeSlope);
export const elu = (x: Tensor, alpha = 1): Tensor => x.elu(alpha);
export const gelu = (x: Tensor, approximate: 'none' | 'tanh' = 'none'): Tensor => x.gelu(approximate);
export const silu = (x: Tensor): Tensor => x.silu();
export const sigmoid = (x: Tensor): Tensor => x.sigmoid();
export const tanh = (x: Tensor): Tensor => x.tanh();
export const softplus = (x: Tensor, beta = 1, threshold = 20): Tensor => x.softplus(beta, threshold);
export const softmax = (x: Tensor, dim = -1): Tensor => x.softmax(dim);
export const logSoftmax = (x: Tensor, dim = -1): Tensor => x.logSoftmax(dim);
/** Divides by the p-norm along dim (eps avoids division by zero), like F.normalize. */
export const normalize = (x: Tensor, p = 2, dim = 1, eps = 1e-12): Tensor => x.div(x.norm(p, dim, true).clamp(eps));

import { Tensor } from '../../core/tensor.js';
import { ShapeError } from '../../core/errors.js';
import { ActorCritic } from './actor-critic.js';
import type { Optimizer } from '../../optim/optimizer.js';
import { clipGradNorm } from '../../optim/clip.js';

/** Weights of the value and entropy terms of the policy-gradient loss. */
export interface PgLossCoefs { vfCoef: number; entCoef: number }

/**
 * The advantage policy-gradient loss shared by REINFORCE with a baseline (Williams 1992; Sutton &
 * Barto 2018, §13.4) and A2C (Mnih et al. 2016):
 * L = −mean(A_t log π(a_t|s_t)) + c_v mean((V(s_t) − R_t)²) − c_e mean(H[π(·|s_t)]).
 * The advantages are constants (no gradient flows into the baseline through them); the value head
 * learns only from its regression term. Its gradient in the logits of row t is −A_t (onehot(a_t) − π_t)/n.
 *
 * @example
 * const { loss } = policyGradientLoss(ac, ac.batch(obs), actions, advantages, returns, { vfCoef: 0.5, entCoef: 0 });
 * loss.backward();
 */
export function policyGradientLoss(ac: ActorCritic, obs: Tensor, actions: Int32Array, advantages: ArrayLike<number>, returns: ArrayLike<number>, c: PgLossCoefs): { loss: Tensor; policyLoss: number; valueLoss: number; entropy: number } {
  const n = actions.length;
  if (advantages.length !== n || returns.length !== n || obs.shape[0] !== n) {
    throw new ShapeError(`policyGradientLoss: need one observation, advantage and return per action; got ${obs.shape[0]} observations, ${n} actions, ${advantages.length} advantages, ${returns.length} returns`);
  }
  const { logProb, entropy, value } = ac.evaluate(obs, actions);
  const adv = new Tensor(Float32Array.from(advantages), [n]);
  const ret = new Tensor(Float32Array.from(returns), [n]);
  const policyLoss = logProb.mul(adv).mean().neg();
  const valueLoss = value.sub(ret).pow(2).mean();
  const meanEntropy = entropy.mean();
  const loss = policyLoss.add(valueLoss.mul(c.vfCoef)).sub(meanEntropy.mul(c.entCoef));
  return { loss, policyLoss: policyLoss.item(), valueLoss: valueLoss.item(), entropy: meanEntropy.item() };
}

/**
 * One optimiser step on `policyGradientLoss`, with the gradient norm clipped to `maxGradNorm`.
 * Returns the loss terms.
 *
 * @example
 * policyGradientStep(ac, opt, ac.batch(obs), actions, advantages, returns, { vfCoef: 0.5, entCoef: 0, maxGradNorm: 0.5 });
 */
export function policyGradientStep(ac: ActorCritic, opt: Optimizer<{ lr: number }>, obs: Tensor, actions: Int32Array, advantages: ArrayLike<number>, returns: ArrayLike<number>, c: PgLossCoefs & { maxGradNorm: number }): { policyLoss: number; valueLoss: number; entropy: number } {
  const { loss, ...terms } = policyGradientLoss(ac, obs, actions, advantages, returns, c);
  opt.zeroGrad();
  loss.backward();
  clipGradNorm(ac.parameters(), c.maxGradNorm);
  opt.step();
  return terms;
}

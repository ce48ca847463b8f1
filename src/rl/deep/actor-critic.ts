import { Tensor } from '../../core/tensor.js';
import { Generator } from '../../core/random.js';
import { noGrad } from '../../core/autograd.js';
import { Module } from '../../nn/module.js';
import { Sequential } from '../../nn/containers.js';
import { mlp, obsBatch } from './batch.js';

/**
 * Separate policy (logits over discrete actions) and value networks, tanh hidden layers as in the
 * PPO paper's control experiments (Schulman et al. 2017).
 *
 * @example
 * const ac = new ActorCritic(4, 2, [64, 64]);
 * const { actions } = ac.sample([obs], new Generator(0));
 */
export class ActorCritic extends Module {
  readonly actor: Sequential;
  readonly critic: Sequential;
  constructor(readonly obsDim: number, readonly numActions: number, hidden: number[] = [64, 64]) {
    super();
    this.actor = mlp([obsDim, ...hidden, numActions], 'tanh');
    this.critic = mlp([obsDim, ...hidden, 1], 'tanh');
  }

  /** Policy logits `[batch, numActions]`. */
  forward(obs: Tensor): Tensor { return this.actor.forward(obs); }

  batch(obs: readonly ArrayLike<number>[]): Tensor { return obsBatch('ActorCritic', obs, this.obsDim); }

  /** Log-probabilities of `actions` and the entropy of each row's policy, differentiable. */
  evaluate(obs: Tensor, actions: Int32Array): { logProb: Tensor; entropy: Tensor; value: Tensor } {
    const logp = this.actor.forward(obs).logSoftmax(-1);
    const logProb = logp.gather(1, new Tensor(actions, [actions.length, 1])).reshape([actions.length]);
    const entropy = logp.exp().mul(logp).sum(-1).neg();
    const value = this.critic.forward(obs).reshape([actions.length]);
    return { logProb, entropy, value };
  }

  /** Samples one action per observation; returns the actions, their log-probabilities and V(s). */
  sample(obs: readonly ArrayLike<number>[], gen: Generator): { actions: Int32Array; logProbs: Float64Array; values: Float64Array } {
    return noGrad(() => {
      const x = this.batch(obs);
      const logits = this.actor.forward(x).data, v = this.critic.forward(x).data;
      const A = this.numActions, n = obs.length;
      const actions = new Int32Array(n), logProbs = new Float64Array(n), values = Float64Array.from(v);
      for (let i = 0; i < n; i++) {
        let max = -Infinity;
        for (let a = 0; a < A; a++) max = Math.max(max, logits[i * A + a]);
        let z = 0;
        for (let a = 0; a < A; a++) z += Math.exp(logits[i * A + a] - max);
        let u = gen.uniform() * z, pick = A - 1;
        for (let a = 0; a < A; a++) { u -= Math.exp(logits[i * A + a] - max); if (u < 0) { pick = a; break; } }
        actions[i] = pick;
        logProbs[i] = logits[i * A + pick] - max - Math.log(z);
      }
      return { actions, logProbs, values };
    });
  }

  /** V(s) for a batch, without gradients. */
  values(obs: readonly ArrayLike<number>[]): Float64Array {
    return noGrad(() => Float64Array.from(this.critic.forward(this.batch(obs)).data));
  }

  /** The most probable action. */
  greedy(obs: ArrayLike<number>): number {
    const logits = noGrad(() => this.actor.forward(this.batch([obs])).data);
    let best = 0;
    for (let a = 1; a < this.numActions; a++) if (logits[a] > logits[best]) best = a;
    return best;
  }
}

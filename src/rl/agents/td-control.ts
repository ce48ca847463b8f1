import { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { Env } from '../env.js';
import { argmaxRandomTie, checkState, checkUnit, epsilonGreedy, epsilonGreedyProbs } from './policy.js';

/** Which one-step control target to learn with (Sutton & Barto 2018, §6.4-6.6). */
export type TdControlMethod = 'sarsa' | 'q-learning' | 'expected-sarsa';

export interface TdControlOptions {
  method: TdControlMethod;
  alpha: number;
  gamma: number;
  epsilon: number;
  initialValue?: number;
}

/**
 * Tabular one-step TD control with an ε-greedy behaviour policy: SARSA (on-policy, Rummery & Niranjan
 * 1994), Q-learning (off-policy, Watkins 1989) or Expected SARSA (van Seijen et al. 2009). The value of
 * the next state is dropped only when the episode terminated; after a truncation the update still
 * bootstraps from the final observation.
 *
 * @example
 * const agent = new TdControlAgent(48, 4, { method: 'q-learning', alpha: 0.5, gamma: 1, epsilon: 0.1 }, new Generator(0));
 * runTdControlEpisode(new CliffWalking(), agent);
 */
export class TdControlAgent {
  /** Q[s * numActions + a]. */
  readonly q: Float64Array;
  private readonly probs: Float64Array;
  constructor(readonly numStates: number, readonly numActions: number, readonly opts: TdControlOptions, private readonly gen: Generator) {
    if (!Number.isInteger(numStates) || numStates < 1 || !Number.isInteger(numActions) || numActions < 1) {
      throw new ValueError(`TdControlAgent: numStates and numActions must be positive integers, got ${numStates} and ${numActions}`);
    }
    if (!['sarsa', 'q-learning', 'expected-sarsa'].includes(opts.method)) throw new ValueError(`TdControlAgent: unknown method ${JSON.stringify(opts.method)}; use 'sarsa', 'q-learning' or 'expected-sarsa'`);
    checkUnit('TdControlAgent', 'epsilon', opts.epsilon);
    checkUnit('TdControlAgent', 'gamma', opts.gamma);
    if (!(opts.alpha > 0 && opts.alpha <= 1)) throw new ValueError(`TdControlAgent: alpha must be in (0, 1], got ${opts.alpha}`);
    this.q = new Float64Array(numStates * numActions).fill(opts.initialValue ?? 0);
    this.probs = new Float64Array(numActions);
  }

  /** Q(s, a). */
  value(s: number, a: number): number { return this.q[s * this.numActions + a]; }

  /** ε-greedy action in state `s` (pass epsilon 0 for the greedy policy). */
  act(s: number, epsilon = this.opts.epsilon): number {
    checkState('TdControlAgent.act', s, this.numStates);
    return epsilonGreedy(this.q, epsilon, this.gen, s * this.numActions, this.numActions);
  }

  /** Greedy action with random tie-breaking. */
  greedy(s: number): number { return argmaxRandomTie(this.q, this.gen, s * this.numActions, this.numActions); }

  /**
   * One update from (s, a, r, s'); `nextAction` is the action SARSA will take in s' (ignored by the
   * other methods). Returns the TD error.
   */
  update(s: number, a: number, reward: number, next: number, terminated: boolean, nextAction?: number): number {
    const { method, alpha, gamma, epsilon } = this.opts, n = this.numActions;
    checkState('TdControlAgent.update', s, this.numStates);
    checkState('TdControlAgent.update', next, this.numStates);
    checkState('TdControlAgent.update (action)', a, n);
    let bootstrap = 0;
    if (!terminated) {
      const off = next * n;
      if (method === 'sarsa') {
        if (nextAction === undefined) throw new ValueError('TdControlAgent.update: SARSA needs the next action; pass the action chosen in the next state');
        bootstrap = this.q[off + checkState('TdControlAgent.update (next action)', nextAction, n)];
      } else if (method === 'q-learning') {
        bootstrap = -Infinity;
        for (let i = 0; i < n; i++) bootstrap = Math.max(bootstrap, this.q[off + i]);
      } else {
        epsilonGreedyProbs(this.q, epsilon, off, n, this.probs);
        for (let i = 0; i < n; i++) bootstrap += this.probs[i] * this.q[off + i];
      }
    }
    const idx = s * n + a;
    const delta = reward + gamma * bootstrap - this.q[idx];
    this.q[idx] += alpha * delta;
    return delta;
  }
}

/**
 * Plays one episode with learning; returns its undiscounted return and length. SARSA picks a' before
 * updating, so the action it learns about is the one it takes.
 *
 * @example
 * const { episodeReturn } = runTdControlEpisode(env, agent);
 */
export function runTdControlEpisode(env: Env<number, number>, agent: TdControlAgent, opts: { seed?: number; learn?: boolean; maxSteps?: number } = {}): { episodeReturn: number; length: number; states: number[] } {
  const learn = opts.learn ?? true;
  let { obs: s } = env.reset(opts.seed === undefined ? {} : { seed: opts.seed });
  let a = learn ? agent.act(s) : agent.greedy(s);
  let ret = 0, len = 0;
  const states = [s];
  for (;;) {
    const r = env.step(a);
    ret += r.reward; len++; states.push(r.obs);
    const next = learn ? agent.act(r.obs) : agent.greedy(r.obs);
    if (learn) agent.update(s, a, r.reward, r.obs, r.terminated, next);
    if (r.terminated || r.truncated || (opts.maxSteps !== undefined && len >= opts.maxSteps)) break;
    s = r.obs; a = next;
  }
  return { episodeReturn: ret, length: len, states };
}

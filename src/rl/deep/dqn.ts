import { Tensor } from '../../core/tensor.js';
import { Generator, type GeneratorState } from '../../core/random.js';
import { noGrad } from '../../core/autograd.js';
import { ValueError } from '../../core/errors.js';
import { Sequential } from '../../nn/containers.js';
import { HuberLoss } from '../../nn/loss.js';
import { Adam } from '../../optim/adam.js';
import type { OptimizerState } from '../../optim/optimizer.js';
import { clipGradNorm } from '../../optim/clip.js';
import { Env } from '../env.js';
import { ReplayBuffer, type ReplayBufferState } from './replay-buffer.js';
import { copyParams, mlp, obsBatch } from './batch.js';
import { argmaxRandomTie } from '../agents/policy.js';

export interface DqnConfig {
  hidden: number[];
  lr: number;
  gamma: number;
  batchSize: number;
  bufferSize: number;
  /** Env steps of random play before learning starts. */
  learningStarts: number;
  /** Gradient steps happen every `trainFreq` env steps. */
  trainFreq: number;
  /** Hard target-network copy every this many env steps. */
  targetUpdateInterval: number;
  epsStart: number;
  epsEnd: number;
  /** Env steps over which ε decays linearly. */
  epsDecaySteps: number;
  /** Double DQN (van Hasselt et al. 2016): the online net picks a', the target net values it. */
  double: boolean;
  maxGradNorm: number;
}

export const DQN_DEFAULTS: DqnConfig = {
  hidden: [64, 64], lr: 1e-3, gamma: 0.99, batchSize: 64, bufferSize: 50_000, learningStarts: 1000, trainFreq: 1,
  targetUpdateInterval: 500, epsStart: 1, epsEnd: 0.05, epsDecaySteps: 10_000, double: true, maxGradNorm: 10,
};

/**
 * Deep Q-network (Mnih et al. 2015): a Q network trained by minibatch Huber-loss regression on
 * targets r + γ (1 − terminated) Q_target(s', a*), from an experience replay buffer, with a periodically
 * copied target network. With `double`, a* = argmax_a Q_online(s', a) (van Hasselt et al. 2016);
 * otherwise a* maximises the target network. Truncated transitions keep their bootstrap.
 *
 * @example
 * const agent = new DqnAgent(4, 2, {}, new Generator(0));
 * const a = agent.act(obs, 0.1);
 */
export class DqnAgent {
  readonly config: DqnConfig;
  readonly q: Sequential;
  readonly target: Sequential;
  readonly buffer: ReplayBuffer;
  private readonly opt: Adam;
  private readonly loss = new HuberLoss();
  steps = 0;

  constructor(readonly obsDim: number, readonly numActions: number, config: Partial<DqnConfig>, private readonly gen: Generator) {
    this.config = { ...DQN_DEFAULTS, ...config };
    if (!(this.config.gamma >= 0 && this.config.gamma <= 1)) throw new ValueError(`DqnAgent: gamma must be in [0, 1], got ${this.config.gamma}`);
    this.q = mlp([obsDim, ...this.config.hidden, numActions]);
    this.target = mlp([obsDim, ...this.config.hidden, numActions]);
    copyParams(this.target, this.q);
    this.buffer = new ReplayBuffer(this.config.bufferSize, obsDim);
    this.opt = new Adam(this.q.parameters(), { lr: this.config.lr });
  }

  /** ε for the current step under the linear schedule. */
  epsilon(): number {
    const { epsStart, epsEnd, epsDecaySteps } = this.config;
    return epsEnd + (epsStart - epsEnd) * Math.max(0, 1 - this.steps / epsDecaySteps);
  }

  /** Q-values of one observation. */
  qValues(obs: ArrayLike<number>): Float32Array {
    return noGrad(() => this.q.forward(obsBatch('DqnAgent', [obs], this.obsDim))).data as Float32Array;
  }

  /** ε-greedy action. */
  act(obs: ArrayLike<number>, epsilon = this.epsilon()): number {
    if (this.gen.uniform() < epsilon) { obsBatch('DqnAgent', [obs], this.obsDim); return this.gen.int(0, this.numActions); }
    return argmaxRandomTie(this.qValues(obs), this.gen);
  }

  /** Stores a transition, and trains / syncs the target net on schedule. Returns the loss when it trained. */
  observe(obs: ArrayLike<number>, action: number, reward: number, nextObs: ArrayLike<number>, terminated: boolean): number | null {
    this.buffer.add(obs, action, reward, nextObs, terminated);
    this.steps++;
    const c = this.config;
    let loss: number | null = null;
    if (this.steps >= c.learningStarts && this.steps % c.trainFreq === 0) loss = this.trainStep();
    if (this.steps % c.targetUpdateInterval === 0) copyParams(this.target, this.q);
    return loss;
  }

  /** Networks, optimizer, replay buffer, step count and generator, for checkpoints. */
  stateDict(): Record<string, unknown> {
    return { q: this.q.stateDict(), target: this.target.stateDict(), optimizer: this.opt.stateDict(), buffer: this.buffer.stateDict(),
      steps: this.steps, rng: this.gen.getState() };
  }

  /** Restores a `stateDict()` of an agent with the same sizes (strict key and shape checks). */
  loadStateDict(s: Record<string, unknown>): void {
    if (!s || !Number.isInteger(s.steps) || (s.steps as number) < 0) throw new ValueError('DqnAgent.loadStateDict: not a DQN agent state (no step count); pass what stateDict() returned');
    this.q.loadStateDict(s.q as Record<string, Tensor>);
    this.target.loadStateDict(s.target as Record<string, Tensor>);
    this.opt.loadStateDict(s.optimizer as OptimizerState);
    this.buffer.loadStateDict(s.buffer as ReplayBufferState);
    this.gen.setState(s.rng as GeneratorState);
    this.steps = s.steps as number;
  }

  /** One gradient step on a replay minibatch; returns the Huber loss. */
  trainStep(): number {
    const c = this.config, n = c.batchSize, A = this.numActions;
    const b = this.buffer.sample(n, this.gen);
    const nextObs = new Tensor(b.nextObs, [n, this.obsDim]);
    const targets = new Float32Array(n);
    noGrad(() => {
      const qt = this.target.forward(nextObs).data;
      const qo = c.double ? this.q.forward(nextObs).data : qt;
      for (let i = 0; i < n; i++) {
        let best = 0;
        for (let a = 1; a < A; a++) if (qo[i * A + a] > qo[i * A + best]) best = a;
        targets[i] = b.rewards[i] + c.gamma * (1 - b.terminated[i]) * qt[i * A + best];
      }
    });
    const qAll = this.q.forward(new Tensor(b.obs, [n, this.obsDim]));
    const qTaken = qAll.gather(1, new Tensor(b.actions, [n, 1]));
    const loss = this.loss.forward(qTaken, new Tensor(targets, [n, 1]));
    this.opt.zeroGrad();
    loss.backward();
    clipGradNorm(this.q.parameters(), c.maxGradNorm);
    this.opt.step();
    return loss.item();
  }
}

/** Mean undiscounted return of the greedy policy over `episodes` episodes. */
export function evaluatePolicy(env: Env<Float32Array, number>, policy: (obs: Float32Array) => number, episodes: number, seed: number): number[] {
  const returns: number[] = [];
  for (let e = 0; e < episodes; e++) {
    let { obs } = env.reset({ seed: seed + e });
    let ret = 0;
    for (;;) {
      const r = env.step(policy(obs));
      ret += r.reward; obs = r.obs;
      if (r.terminated || r.truncated) break;
    }
    returns.push(ret);
  }
  return returns;
}

/**
 * The DQN agent behind the `OffPolicyLearner` interface of `trainOffPolicy`.
 *
 * @example
 * trainOffPolicy(env, evalEnv, dqnLearner(agent), opts);
 */
export function dqnLearner(agent: DqnAgent) {
  return {
    act: (obs: Float32Array) => agent.act(obs),
    greedy: (obs: Float32Array) => agent.act(obs, 0),
    observe: (o: Float32Array, a: number, r: number, n: Float32Array, d: boolean) => agent.observe(o, a, r, n, d),
    stateDict: () => agent.stateDict(),
    loadStateDict: (s: Record<string, unknown>) => agent.loadStateDict(s),
  };
}

import { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { FourRooms } from '../envs/four-rooms.js';
import { argmaxRandomTie, checkState, checkUnit } from './policy.js';

/**
 * A Markov option ⟨I, π, β⟩ (Sutton, Precup & Singh 1999): where it can start, the (deterministic)
 * action it takes, and the probability it stops on arriving in a state.
 */
export interface MarkovOption {
  readonly name: string;
  canStart(s: number): boolean;
  action(s: number): number;
  termination(s: number): number;
}

/** A primitive action as a one-step option: available everywhere, always stops. */
export function primitiveOption(a: number, name = `a${a}`): MarkovOption {
  return { name, canStart: () => true, action: () => a, termination: () => 1 };
}

/**
 * The eight hallway options of Sutton, Precup & Singh 1999 (§3): in each room, one option per hallway
 * of that room, following the shortest path to it. Each can start anywhere in its room and in the
 * room's other hallway, and stops (β = 1) as soon as it leaves that set — on reaching its target
 * hallway, or after a slip out.
 *
 * @example
 * const opts = hallwayOptions(new FourRooms());
 * opts.length; // 8
 */
export function hallwayOptions(env: FourRooms): MarkovOption[] {
  const { rows, cols } = env;
  const free = (r: number, c: number) => r >= 0 && c >= 0 && r < rows && c < cols && isFree(env, r, c);
  // A hallway is a free cell boxed in by walls on two opposite sides.
  const hallways: number[] = [];
  for (let s = 0; s < env.numStates; s++) {
    const [r, c] = env.cellOf(s);
    if ((!free(r - 1, c) && !free(r + 1, c)) || (!free(r, c - 1) && !free(r, c + 1))) hallways.push(s);
  }
  // Rooms: connected components of the free cells that are not hallways.
  const room = new Int32Array(env.numStates).fill(-1);
  let numRooms = 0;
  for (let s0 = 0; s0 < env.numStates; s0++) {
    if (room[s0] !== -1 || hallways.includes(s0)) continue;
    const stack = [s0];
    room[s0] = numRooms;
    while (stack.length) {
      const s = stack.pop()!;
      for (let a = 0; a < 4; a++) {
        const t = env.moveTarget(s, a);
        if (room[t] === -1 && !hallways.includes(t)) { room[t] = numRooms; stack.push(t); }
      }
    }
    numRooms++;
  }
  const options: MarkovOption[] = [];
  for (let k = 0; k < numRooms; k++) {
    const doors = hallways.filter((h) => [0, 1, 2, 3].some((a) => room[env.moveTarget(h, a)] === k));
    for (const target of doors) {
      const domain = new Set<number>();
      for (let s = 0; s < env.numStates; s++) if (room[s] === k) domain.add(s);
      for (const d of doors) if (d !== target) domain.add(d);
      const policy = shortestPathPolicy(env, domain, target);
      const [tr, tc] = env.cellOf(target);
      options.push({
        name: `room${k}->(${tr},${tc})`,
        canStart: (s) => domain.has(s),
        action: (s) => policy.get(s) ?? 0,
        termination: (s) => (domain.has(s) ? 0 : 1),
      });
    }
  }
  return options;
}

function isFree(env: FourRooms, r: number, c: number): boolean {
  try { env.stateOf(r, c); return true; } catch { return false; }
}

/** Breadth-first search backwards from `target` over intended moves inside `domain`. */
function shortestPathPolicy(env: FourRooms, domain: Set<number>, target: number): Map<number, number> {
  const dist = new Map<number, number>([[target, 0]]);
  const policy = new Map<number, number>();
  const queue = [target];
  while (queue.length) {
    const t = queue.shift()!;
    for (const s of domain) {
      if (dist.has(s)) continue;
      for (let a = 0; a < 4; a++) {
        if (env.moveTarget(s, a) === t) { dist.set(s, dist.get(t)! + 1); policy.set(s, a); queue.push(s); break; }
      }
    }
  }
  return policy;
}

export interface IntraOptionOptions { alpha: number; gamma: number; epsilon: number }

/**
 * Intra-option Q-learning (Sutton, Precup & Singh 1999, §6, eq. 14): after every primitive step
 * (s, a, r, s'), every option whose policy would also have taken `a` in s learns
 * Q(s,o) ← Q(s,o) + α [r + γ U(s',o) − Q(s,o)], U(s',o) = (1 − β_o(s')) Q(s',o) + β_o(s') max_o' Q(s',o'),
 * so options learn from experience they did not execute themselves. Behaviour: ε-greedy over the
 * options that can start in the current state, each run until it terminates.
 *
 * @example
 * const env = new FourRooms({ start: [1, 1] });
 * const opts = [0, 1, 2, 3].map((a) => primitiveOption(a)).concat(hallwayOptions(env));
 * const agent = new IntraOptionQLearning(env.numStates, opts, { alpha: 0.1, gamma: 0.9, epsilon: 0.1 }, new Generator(0));
 * agent.runEpisode(env);
 */
export class IntraOptionQLearning {
  /** Q[s * numOptions + o]. */
  readonly q: Float64Array;
  constructor(readonly numStates: number, readonly options: MarkovOption[], readonly opts: IntraOptionOptions, private readonly gen: Generator) {
    if (options.length === 0) throw new ValueError('IntraOptionQLearning: give at least one option (primitive actions count)');
    checkUnit('IntraOptionQLearning', 'epsilon', opts.epsilon);
    checkUnit('IntraOptionQLearning', 'gamma', opts.gamma);
    if (!(opts.alpha > 0 && opts.alpha <= 1)) throw new ValueError(`IntraOptionQLearning: alpha must be in (0, 1], got ${opts.alpha}`);
    this.q = new Float64Array(numStates * options.length);
  }

  /** Indices of the options that can start in `s`. */
  available(s: number): number[] {
    return this.options.map((o, i) => (o.canStart(s) ? i : -1)).filter((i) => i >= 0);
  }

  /** max over available options of Q(s, o). */
  maxValue(s: number): number {
    let m = -Infinity;
    for (const i of this.available(s)) m = Math.max(m, this.q[s * this.options.length + i]);
    return m;
  }

  /** ε-greedy choice among the options available in `s`. */
  choose(s: number, epsilon = this.opts.epsilon): number {
    checkState('IntraOptionQLearning.choose', s, this.numStates);
    const av = this.available(s);
    if (av.length === 0) throw new ValueError(`IntraOptionQLearning: no option can start in state ${s}; include the primitive actions`);
    if (this.gen.uniform() < epsilon) return av[this.gen.int(0, av.length)];
    return av[argmaxRandomTie(av.map((i) => this.q[s * this.options.length + i]), this.gen)];
  }

  /** The intra-option update of every option consistent with (s, a). */
  update(s: number, a: number, reward: number, next: number, terminated: boolean): void {
    const { alpha, gamma } = this.opts, n = this.options.length;
    checkState('IntraOptionQLearning.update', s, this.numStates);
    checkState('IntraOptionQLearning.update', next, this.numStates);
    const maxNext = terminated ? 0 : this.maxValue(next);
    for (let i = 0; i < n; i++) {
      const o = this.options[i];
      if (!o.canStart(s) && o.termination(s) === 1) continue; // o could not be running in s
      if (o.action(s) !== a) continue;
      const beta = o.termination(next);
      const u = terminated ? 0 : (1 - beta) * this.q[next * n + i] + beta * maxNext;
      this.q[s * n + i] += alpha * (reward + gamma * u - this.q[s * n + i]);
    }
  }

  /** One learning episode; returns the number of primitive steps and the return. */
  runEpisode(env: FourRooms, maxSteps = 10_000): { steps: number; episodeReturn: number } {
    let { obs: s } = env.reset();
    let steps = 0, ret = 0, current = this.choose(s);
    for (;;) {
      const a = this.options[current].action(s);
      const r = env.step(a);
      this.update(s, a, r.reward, r.obs, r.terminated);
      steps++; ret += r.reward;
      if (r.terminated || r.truncated || steps >= maxSteps) break;
      s = r.obs;
      if (this.gen.uniform() < this.options[current].termination(s)) current = this.choose(s);
    }
    return { steps, episodeReturn: ret };
  }
}

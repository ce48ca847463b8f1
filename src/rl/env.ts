import { Generator, defaultGenerator, type GeneratorState } from '../core/random.js';
import { RangeError_, ValueError } from '../core/errors.js';
import { ResetNeededError } from './errors.js';
import { Space, describeValue } from './spaces.js';

/** Extra diagnostic values an environment returns beside the observation. */
export type Info = Record<string, unknown>;

/** Arguments of `reset`, as in Gymnasium: a seed reseeds the environment's own generator. */
export interface ResetOptions { seed?: number; options?: Record<string, unknown> }

export interface ResetResult<O> { obs: O; info: Info }

/**
 * One transition. `terminated`: the MDP reached a terminal state (no value beyond it).
 * `truncated`: the episode was cut short (a time limit); the state still has value, so bootstraps
 * must keep using V(next obs).
 */
export interface StepResult<O> { obs: O; reward: number; terminated: boolean; truncated: boolean; info: Info }

/**
 * Base of every environment: Gymnasium's contract with its checks built in. `step` refuses an action
 * outside `actionSpace` and any call before `reset` or after the episode ended. Randomness comes only
 * from `this.rng`, which `reset({ seed })` reseeds; without a seed the first reset forks the global
 * generator, so `manualSeed` still makes runs reproducible.
 *
 * @example
 * const env = new CartPole();
 * let { obs } = env.reset({ seed: 0 });
 * const { reward, terminated } = env.step(1);
 */
export abstract class Env<O, A> {
  abstract readonly id: string;
  abstract readonly observationSpace: Space<O>;
  abstract readonly actionSpace: Space<A>;
  protected rng: Generator | null = null;
  private needsReset = true;
  private seeded = false;

  /** Starts a new episode. */
  reset(opts: ResetOptions = {}): ResetResult<O> {
    if (opts.seed !== undefined) { this.rng = new Generator(opts.seed); this.seeded = true; }
    else if (!this.seeded) { this.rng = defaultGenerator.fork(); this.seeded = true; }
    const out = this.resetImpl(opts);
    this.needsReset = false;
    return out;
  }

  /** Advances one step with `action`. */
  step(action: A): StepResult<O> {
    if (this.needsReset) {
      throw new ResetNeededError(`${this.id}.step: the episode ${this.seeded ? 'has ended (terminated or truncated)' : 'has not started'}; call reset() before step()`);
    }
    if (!this.actionSpace.contains(action)) {
      throw new RangeError_(`${this.id}.step: action ${describeValue(action)} is outside the action space ${this.actionSpace}; pass a member of env.actionSpace`);
    }
    const out = this.stepImpl(action);
    if (out.terminated || out.truncated) this.needsReset = true;
    return out;
  }

  /** The generator this environment draws from (after the first reset). */
  protected get random(): Generator {
    if (!this.rng) throw new ResetNeededError(`${this.id}: no generator yet; call reset() first`);
    return this.rng;
  }

  /** The innermost environment under any wrappers. */
  get unwrapped(): Env<O, A> { return this; }

  /**
   * The random state of this environment and of any it wraps (outermost first), for checkpoints
   * taken between episodes: `restoreRngState` on a fresh copy, then `reset()` without a seed, starts
   * the episode this one would have started next.
   */
  rngState(): (GeneratorState | null)[] { return [this.rng ? this.rng.getState() : null]; }

  /** Puts back what `rngState()` returned; the next `reset()` is needed, as after an episode. */
  restoreRngState(states: readonly (GeneratorState | null)[]): void {
    const s = states[0];
    if (s === undefined) throw new ValueError(`${this.id}.restoreRngState: no state for this layer; pass what rngState() returned`);
    this.rng = s === null ? null : new Generator(0).setState(s);
    this.seeded = s !== null;
    this.needsReset = true;
  }

  protected abstract resetImpl(opts: ResetOptions): ResetResult<O>;
  protected abstract stepImpl(action: A): StepResult<O>;
  /** The current state as text (one frame). */
  abstract render(): string;
  /** The current state as a standalone SVG document string. */
  abstract renderSvg(): string;
}

/**
 * An environment around another one. Subclasses override `stepImpl`/`resetImpl` and call through.
 *
 * @example
 * class Clip extends Wrapper<number, number> { ... }
 */
export class Wrapper<O, A> extends Env<O, A> {
  constructor(readonly env: Env<O, A>) { super(); }
  get id(): string { return this.env.id; }
  get observationSpace(): Space<O> { return this.env.observationSpace; }
  get actionSpace(): Space<A> { return this.env.actionSpace; }
  override get unwrapped(): Env<O, A> { return this.env.unwrapped; }
  override rngState(): (GeneratorState | null)[] { return [...super.rngState(), ...this.env.rngState()]; }
  override restoreRngState(states: readonly (GeneratorState | null)[]): void {
    super.restoreRngState(states);
    this.env.restoreRngState(states.slice(1));
  }
  protected resetImpl(opts: ResetOptions): ResetResult<O> { return this.env.reset(opts); }
  protected stepImpl(action: A): StepResult<O> { return this.env.step(action); }
  render(): string { return this.env.render(); }
  renderSvg(): string { return this.env.renderSvg(); }
}

import { ValueError } from '../core/errors.js';
import { Env, ResetOptions, ResetResult, StepResult, Wrapper } from './env.js';

/**
 * Cuts episodes after `maxEpisodeSteps` steps by setting `truncated` (never `terminated`), as
 * Gymnasium's `TimeLimit` does. Both flags can be true on the same step.
 *
 * @example
 * const env = new TimeLimit(new CartPole(), 500); // CartPole-v1
 */
export class TimeLimit<O, A> extends Wrapper<O, A> {
  private elapsed = 0;
  constructor(env: Env<O, A>, readonly maxEpisodeSteps: number) {
    super(env);
    if (!Number.isInteger(maxEpisodeSteps) || maxEpisodeSteps < 1) {
      throw new ValueError(`TimeLimit: maxEpisodeSteps must be a positive integer, got ${maxEpisodeSteps}`);
    }
  }
  /** Steps taken in the current episode. */
  get elapsedSteps(): number { return this.elapsed; }
  protected override resetImpl(opts: ResetOptions): ResetResult<O> {
    this.elapsed = 0;
    return this.env.reset(opts);
  }
  protected override stepImpl(action: A): StepResult<O> {
    const out = this.env.step(action);
    this.elapsed++;
    if (this.elapsed >= this.maxEpisodeSteps) out.truncated = true;
    return out;
  }
}

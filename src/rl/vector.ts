import { ValueError } from '../core/errors.js';
import { Env, Info } from './env.js';

export interface VectorStepResult<O> {
  obs: O[];
  rewards: Float64Array;
  terminated: boolean[];
  truncated: boolean[];
  /** Per copy. When copy i's episode ended this step, `infos[i].finalObs` holds its last observation. */
  infos: Info[];
}

/**
 * `n` copies of an environment stepped one after another in this thread (Gymnasium's `SyncVectorEnv`).
 * A copy whose episode ends is reset in the same step: the returned observation is the first of the
 * new episode, and the last observation of the old one is in `infos[i].finalObs` (Gymnasium ≤ 0.29
 * autoreset), which is what a bootstrap needs after a truncation.
 *
 * @example
 * const venv = new SyncVectorEnv(() => makeEnv('CartPole-v1'), 8);
 * let { obs } = venv.reset({ seed: 0 });
 * const out = venv.step(obs.map(() => 1));
 */
export class SyncVectorEnv<O, A> {
  readonly envs: Env<O, A>[];
  constructor(factory: (index: number) => Env<O, A>, readonly numEnvs: number) {
    if (!Number.isInteger(numEnvs) || numEnvs < 1) throw new ValueError(`SyncVectorEnv: numEnvs must be a positive integer, got ${numEnvs}`);
    this.envs = Array.from({ length: numEnvs }, (_, i) => factory(i));
  }
  get observationSpace() { return this.envs[0].observationSpace; }
  get actionSpace() { return this.envs[0].actionSpace; }

  /** Resets every copy; copy i gets seed `seed + i` so copies differ but stay reproducible. */
  reset(opts: { seed?: number } = {}): { obs: O[]; infos: Info[] } {
    const out = this.envs.map((e, i) => e.reset(opts.seed === undefined ? {} : { seed: opts.seed + i }));
    return { obs: out.map((o) => o.obs), infos: out.map((o) => o.info) };
  }

  /** Steps every copy with its action, resetting the copies whose episodes end. */
  step(actions: readonly A[]): VectorStepResult<O> {
    if (actions.length !== this.numEnvs) {
      throw new ValueError(`SyncVectorEnv.step: got ${actions.length} actions for ${this.numEnvs} environments; pass one action per copy`);
    }
    const obs: O[] = [], terminated: boolean[] = [], truncated: boolean[] = [], infos: Info[] = [];
    const rewards = new Float64Array(this.numEnvs);
    this.envs.forEach((env, i) => {
      const r = env.step(actions[i]);
      rewards[i] = r.reward; terminated.push(r.terminated); truncated.push(r.truncated);
      if (r.terminated || r.truncated) {
        const next = env.reset();
        obs.push(next.obs);
        infos.push({ ...next.info, finalObs: r.obs, finalInfo: r.info });
      } else { obs.push(r.obs); infos.push(r.info); }
    });
    return { obs, rewards, terminated, truncated, infos };
  }
}

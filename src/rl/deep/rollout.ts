import { Generator } from '../../core/random.js';
import { SyncVectorEnv } from '../vector.js';
import { ActorCritic } from './actor-critic.js';
import { gae } from './gae.js';

/** One on-policy batch, flattened time-major over environments. */
export interface Rollout {
  obs: Float32Array[];
  actions: Int32Array;
  logProbs: Float64Array;
  advantages: Float64Array;
  returns: Float64Array;
  /** Returns of the episodes that finished during the rollout. */
  finishedReturns: number[];
}

/**
 * Collects `nSteps` steps from every copy of `venv` with the current policy and computes GAE. A
 * truncated episode bootstraps from V(final observation); a terminated one from 0.
 *
 * @example
 * const state = { obs: venv.reset({ seed: 0 }).obs, running: new Float64Array(8) };
 * const batch = collectRollout(venv, ac, state, 32, 0.99, 0.95, gen);
 */
export function collectRollout(venv: SyncVectorEnv<Float32Array, number>, ac: ActorCritic, state: { obs: Float32Array[]; running: Float64Array }, nSteps: number, gamma: number, lambda: number, gen: Generator): Rollout {
  const N = venv.numEnvs;
  const obs: Float32Array[][] = [], actions: Int32Array[] = [], logProbs: Float64Array[] = [], values: Float64Array[] = [];
  const rewards: Float64Array[] = [], nextValues: Float64Array[] = [], ended: Float64Array[] = [];
  const finishedReturns: number[] = [];
  for (let t = 0; t < nSteps; t++) {
    const s = ac.sample(state.obs, gen);
    const out = venv.step(Array.from(s.actions));
    obs.push(state.obs); actions.push(s.actions); logProbs.push(s.logProbs); values.push(s.values);
    rewards.push(out.rewards);
    const nv = new Float64Array(N), en = new Float64Array(N);
    const truncIdx: number[] = [];
    for (let i = 0; i < N; i++) {
      state.running[i] += out.rewards[i];
      if (out.terminated[i] || out.truncated[i]) { en[i] = 1; finishedReturns.push(state.running[i]); state.running[i] = 0; }
      if (out.truncated[i] && !out.terminated[i]) truncIdx.push(i);
    }
    if (truncIdx.length) {
      const v = ac.values(truncIdx.map((i) => out.infos[i].finalObs as Float32Array));
      truncIdx.forEach((i, k) => { nv[i] = v[k]; });
    }
    nextValues.push(nv); ended.push(en);
    state.obs = out.obs;
  }
  // Bootstrap values of the states that follow each non-ended step: V(s_{t+1}).
  const last = ac.values(state.obs);
  for (let t = 0; t < nSteps; t++) {
    const following = t + 1 < nSteps ? values[t + 1] : last;
    for (let i = 0; i < N; i++) if (!ended[t][i]) nextValues[t][i] = following[i];
  }
  const T = nSteps * N;
  const flat: Rollout = { obs: [], actions: new Int32Array(T), logProbs: new Float64Array(T), advantages: new Float64Array(T), returns: new Float64Array(T), finishedReturns };
  for (let i = 0; i < N; i++) {
    const col = (a: ArrayLike<number>[]) => Float64Array.from({ length: nSteps }, (_, t) => a[t][i]);
    const g = gae(col(rewards), col(values), col(nextValues), col(ended), gamma, lambda);
    for (let t = 0; t < nSteps; t++) {
      const k = t * N + i;
      flat.advantages[k] = g.advantages[t]; flat.returns[k] = g.returns[t];
      flat.actions[k] = actions[t][i]; flat.logProbs[k] = logProbs[t][i];
    }
  }
  for (let t = 0; t < nSteps; t++) for (let i = 0; i < N; i++) flat.obs.push(obs[t][i]);
  return flat;
}

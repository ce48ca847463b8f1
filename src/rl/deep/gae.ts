import { ShapeError } from '../../core/errors.js';

/**
 * Generalised advantage estimation (Schulman et al. 2016, eq. 16) over one rollout of one environment:
 * δ_t = r_t + γ V_next_t − V_t and A_t = δ_t + γλ (1 − ended_t) A_{t+1}.
 * `nextValues[t]` is the value of what followed step t: V(s_{t+1}) normally, V(final observation)
 * after a truncation (the state still has value), and 0 after a termination. `ended[t]` is 1 when
 * either flag was set, so advantages never leak across episodes. Returns advantages and the
 * λ-returns A + V (the value targets).
 *
 * @example
 * gae([1, 1], [0.5, 0.5], [0.5, 0], [0, 1], 0.9, 0.95);
 */
export function gae(rewards: ArrayLike<number>, values: ArrayLike<number>, nextValues: ArrayLike<number>, ended: ArrayLike<number>, gamma: number, lambda: number): { advantages: Float64Array; returns: Float64Array } {
  const T = rewards.length;
  if (values.length !== T || nextValues.length !== T || ended.length !== T) {
    throw new ShapeError(`gae: rewards, values, nextValues and ended must have one entry per step; got lengths ${T}, ${values.length}, ${nextValues.length}, ${ended.length}`);
  }
  const advantages = new Float64Array(T), returns = new Float64Array(T);
  let next = 0;
  for (let t = T - 1; t >= 0; t--) {
    const delta = rewards[t] + gamma * nextValues[t] - values[t];
    next = delta + gamma * lambda * (1 - ended[t]) * next;
    advantages[t] = next;
    returns[t] = next + values[t];
  }
  return { advantages, returns };
}

import { ValueError } from '../../core/errors.js';
import { checkState, checkUnit } from './policy.js';

/**
 * Tabular TD(0) update V(s) ← V(s) + α [r + γ V(s') − V(s)], with V(s') taken as 0 only when the
 * episode `terminated` (a truncated episode still bootstraps). Returns the TD error δ
 * (Sutton 1988; Sutton & Barto 2018, eq. 6.2).
 *
 * @example
 * const V = new Float64Array(3);
 * td0Update(V, 1, 1, 2, true, 0.1, 1); // δ = 1, V[1] = 0.1
 */
export function td0Update(V: Float64Array, s: number, reward: number, next: number, terminated: boolean, alpha: number, gamma: number): number {
  checkState('td0Update', s, V.length);
  checkState('td0Update', next, V.length);
  const delta = reward + (terminated ? 0 : gamma * V[next]) - V[s];
  V[s] += alpha * delta;
  return delta;
}

export interface TdLambdaOptions {
  alpha: number;
  gamma: number;
  lambda: number;
  /** 'accumulating' (e ← e + 1) or 'replacing' (e ← 1) traces (Singh & Sutton 1996). */
  traces?: 'accumulating' | 'replacing';
}

/**
 * Tabular TD(λ) with eligibility traces, the backward view (Sutton 1988; Sutton & Barto 2018, §12.2):
 * e ← γλe; e(s) ← e(s) + 1; δ = r + γV(s') − V(s); V ← V + αδe. Call `beginEpisode` at each reset.
 *
 * @example
 * const td = new TdLambda(7, { alpha: 0.1, gamma: 1, lambda: 0.8 });
 * td.beginEpisode(); td.update(3, 0, 4, false);
 */
export class TdLambda {
  readonly V: Float64Array;
  readonly e: Float64Array;
  constructor(numStates: number, readonly opts: TdLambdaOptions) {
    if (!Number.isInteger(numStates) || numStates < 1) throw new ValueError(`TdLambda: numStates must be a positive integer, got ${numStates}`);
    checkUnit('TdLambda', 'lambda', opts.lambda);
    checkUnit('TdLambda', 'gamma', opts.gamma);
    if (!(opts.alpha > 0)) throw new ValueError(`TdLambda: alpha must be > 0, got ${opts.alpha}`);
    this.V = new Float64Array(numStates);
    this.e = new Float64Array(numStates);
  }
  /** Clears the traces (a new episode). */
  beginEpisode(): void { this.e.fill(0); }
  /** One transition; returns δ. */
  update(s: number, reward: number, next: number, terminated: boolean): number {
    const { alpha, gamma, lambda, traces = 'accumulating' } = this.opts;
    checkState('TdLambda.update', s, this.V.length);
    checkState('TdLambda.update', next, this.V.length);
    const delta = reward + (terminated ? 0 : gamma * this.V[next]) - this.V[s];
    for (let i = 0; i < this.e.length; i++) this.e[i] *= gamma * lambda;
    this.e[s] = traces === 'replacing' ? 1 : this.e[s] + 1;
    for (let i = 0; i < this.V.length; i++) this.V[i] += alpha * delta * this.e[i];
    if (terminated) this.e.fill(0);
    return delta;
  }
}

import { Generator } from '../../core/random.js';
import { ShapeError, ValueError } from '../../core/errors.js';

/** A sampled minibatch, flat row-major. */
export interface ReplayBatch {
  obs: Float32Array; actions: Int32Array; rewards: Float32Array; nextObs: Float32Array;
  /** 1 where the transition ended in a terminal state (so no bootstrap); truncations are stored as 0. */
  terminated: Float32Array;
  size: number;
}

/**
 * A circular experience-replay memory (Lin 1992; Mnih et al. 2015) over typed arrays. Store the
 * `terminated` flag, never `truncated`: a time-limit cut is not the end of the MDP, so its target
 * still bootstraps from the next observation.
 *
 * @example
 * const buf = new ReplayBuffer(10_000, 4);
 * buf.add(obs, 1, 1.0, nextObs, false);
 * const batch = buf.sample(64, gen);
 */
/** What `ReplayBuffer.stateDict()` returns. */
export interface ReplayBufferState {
  obs: Float32Array; nextObs: Float32Array; actions: Int32Array; rewards: Float32Array; terminated: Float32Array; pos: number; full: boolean;
}

export class ReplayBuffer {
  private readonly obs: Float32Array;
  private readonly nextObs: Float32Array;
  private readonly actions: Int32Array;
  private readonly rewards: Float32Array;
  private readonly terminated: Float32Array;
  private pos = 0;
  private full = false;

  constructor(readonly capacity: number, readonly obsDim: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new ValueError(`ReplayBuffer: capacity must be a positive integer, got ${capacity}`);
    this.obs = new Float32Array(capacity * obsDim);
    this.nextObs = new Float32Array(capacity * obsDim);
    this.actions = new Int32Array(capacity);
    this.rewards = new Float32Array(capacity);
    this.terminated = new Float32Array(capacity);
  }

  get size(): number { return this.full ? this.capacity : this.pos; }

  add(obs: ArrayLike<number>, action: number, reward: number, nextObs: ArrayLike<number>, terminated: boolean): void {
    if (obs.length !== this.obsDim || nextObs.length !== this.obsDim) {
      throw new ShapeError(`ReplayBuffer.add: observations have lengths ${obs.length} and ${nextObs.length} but the buffer stores ${this.obsDim}`);
    }
    const i = this.pos;
    this.obs.set(obs, i * this.obsDim);
    this.nextObs.set(nextObs, i * this.obsDim);
    this.actions[i] = action; this.rewards[i] = reward; this.terminated[i] = terminated ? 1 : 0;
    this.pos = (this.pos + 1) % this.capacity;
    if (this.pos === 0) this.full = true;
  }

  /** Contents and write position (copies), for checkpoints. */
  stateDict(): ReplayBufferState {
    return { obs: this.obs.slice(), nextObs: this.nextObs.slice(), actions: this.actions.slice(), rewards: this.rewards.slice(),
      terminated: this.terminated.slice(), pos: this.pos, full: this.full };
  }

  /** Restores a `stateDict()` of a buffer of the same capacity and observation size. */
  loadStateDict(s: ReplayBufferState): void {
    const n = this.capacity, d = this.obsDim;
    const ok = s && s.obs instanceof Float32Array && s.obs.length === n * d && s.nextObs instanceof Float32Array && s.nextObs.length === n * d
      && s.actions instanceof Int32Array && s.actions.length === n && s.rewards instanceof Float32Array && s.rewards.length === n
      && s.terminated instanceof Float32Array && s.terminated.length === n && Number.isInteger(s.pos) && s.pos >= 0 && s.pos < n && typeof s.full === 'boolean';
    if (!ok) throw new ValueError(`ReplayBuffer.loadStateDict: not the state of a buffer of ${n} transitions of ${d} values; it is damaged or from another configuration`);
    this.obs.set(s.obs); this.nextObs.set(s.nextObs); this.actions.set(s.actions); this.rewards.set(s.rewards); this.terminated.set(s.terminated);
    this.pos = s.pos; this.full = s.full;
  }

  /** `n` transitions drawn uniformly with replacement. */
  sample(n: number, gen: Generator): ReplayBatch {
    if (this.size === 0) throw new ValueError('ReplayBuffer.sample: the buffer is empty; add transitions first');
    const d = this.obsDim;
    const out: ReplayBatch = {
      obs: new Float32Array(n * d), nextObs: new Float32Array(n * d), actions: new Int32Array(n),
      rewards: new Float32Array(n), terminated: new Float32Array(n), size: n,
    };
    for (let k = 0; k < n; k++) {
      const i = gen.int(0, this.size);
      out.obs.set(this.obs.subarray(i * d, (i + 1) * d), k * d);
      out.nextObs.set(this.nextObs.subarray(i * d, (i + 1) * d), k * d);
      out.actions[k] = this.actions[i]; out.rewards[k] = this.rewards[i]; out.terminated[k] = this.terminated[i];
    }
    return out;
  }
}

import { ValueError } from '../../core/errors.js';

/** Requires an integer >= 0. */
export function requireNonNegativeInt(where: string, name: string, value: number): void {
  if (!Number.isInteger(value) || value < 0) throw new ValueError(`${where}: ${name} must be an integer >= 0, got ${value}`);
}

/**
 * Transmission delays as a ring of per-neuron accumulators: input scheduled `d` steps ahead lands
 * in slot (now + d) mod (maxDelay + 1), and `deliver` empties the current slot into a target
 * variable. Cost per step is one pass over the slot, independent of how many delays are in flight.
 *
 * @example
 * const line = new DelayLine(2, 3);
 * line.add(2, 0, 1.5);          // 1.5 for neuron 0, two steps from now
 * const g = new Float64Array(2);
 * line.deliver(g); line.deliver(g); line.deliver(g); // g[0] === 1.5 after the third call
 */
export class DelayLine {
  private readonly ring: Float64Array;
  private readonly slots: number;
  private head = 0;

  constructor(readonly n: number, readonly maxDelaySteps: number) {
    requireNonNegativeInt('DelayLine', 'maxDelaySteps', maxDelaySteps);
    this.slots = maxDelaySteps + 1;
    this.ring = new Float64Array(this.slots * n);
  }

  /** Schedules `value` for neuron `i`, `delaySteps` deliveries from now (0 = the next delivery). */
  add(delaySteps: number, i: number, value: number): void {
    if (delaySteps > this.maxDelaySteps) throw new ValueError(`DelayLine: delay ${delaySteps} steps exceeds the maximum ${this.maxDelaySteps}`);
    this.ring[((this.head + delaySteps) % this.slots) * this.n + i] += value;
  }

  /** The accumulator array for input due `delaySteps` deliveries from now (for fast bulk adds). */
  slot(delaySteps: number): Float64Array {
    const s = (this.head + delaySteps) % this.slots;
    return this.ring.subarray(s * this.n, (s + 1) * this.n);
  }

  /** Adds the inputs due now into `target`, clears them, and advances one step. */
  deliver(target: Float64Array): void {
    const base = this.head * this.n;
    for (let i = 0; i < this.n; i++) {
      const x = this.ring[base + i];
      if (x !== 0) { target[i] += x; this.ring[base + i] = 0; }
    }
    this.head = (this.head + 1) % this.slots;
  }

  clear(): void { this.ring.fill(0); this.head = 0; }
}

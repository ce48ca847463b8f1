import type { Generator } from '../../core/random.js';

/**
 * Per-synapse transmission delays of a presynaptic-major [nPre][nPost] projection, in whole steps.
 * @example
 * const t = DelayTable.uniform(784, 100, 10, 0.5, gen); // delays 0-19 steps (0-10 ms at dt 0.5 ms)
 * t.steps[j * 100 + i]; // delay of synapse (j, i); t.span === 20
 */
export class DelayTable {
  /** Number of distinct delays: a spike is in flight for `span` steps (delay 0 arrives the step it leaves). */
  readonly span: number;

  /** `steps[j·nPost + i]` is the delay of synapse (j, i) in steps. */
  constructor(readonly nPre: number, readonly nPost: number, readonly steps: Int32Array) {
    if (steps.length !== nPre * nPost) throw new RangeError(`DelayTable: ${steps.length} delays for ${nPre}×${nPost} synapses`);
    let max = 0;
    for (const s of steps) {
      if (!Number.isInteger(s) || s < 0) throw new RangeError(`DelayTable: delays must be whole steps >= 0, got ${s}`);
      if (s > max) max = s;
    }
    this.span = max + 1;
  }

  /** Delays drawn uniformly from [0, maxMs) and truncated to whole steps of `dt`, row by row. */
  static uniform(nPre: number, nPost: number, maxMs: number, dt: number, gen: Generator): DelayTable {
    const steps = new Int32Array(nPre * nPost);
    if (maxMs > 0) for (let k = 0; k < steps.length; k++) steps[k] = Math.floor((gen.uniform() * maxMs) / dt);
    return new DelayTable(nPre, nPost, steps);
  }
}

/**
 * Spikes on their way: a first-in first-out ring of (source, step emitted), in emission order. Each
 * spike is taken out once it has reached every target, so the ring never holds more than
 * span · nSources (a source emits at most once per step).
 */
export class InFlight {
  private readonly sources: Int32Array;
  private readonly steps: Float64Array;
  private head = 0;
  size = 0;
  private readonly mask: number;

  constructor(nSources: number, span: number) {
    const cap = 1 << Math.ceil(Math.log2(Math.max(2, nSources * span)));
    this.sources = new Int32Array(cap);
    this.steps = new Float64Array(cap);
    this.mask = cap - 1;
  }

  push(source: number, step: number): void {
    const q = (this.head + this.size) & this.mask;
    this.sources[q] = source; this.steps[q] = step;
    this.size++;
  }

  /** Source and emission step of the oldest spike in flight (size must be > 0). */
  oldestSource(): number { return this.sources[this.head]; }
  oldestStep(): number { return this.steps[this.head]; }

  /** Takes out the oldest spike. */
  shift(): void {
    this.head = (this.head + 1) & this.mask; this.size--;
  }

  /** The live arrays and position, for saving and restoring (the caller copies). */
  stateArrays(): { sources: Int32Array; steps: Float64Array } { return { sources: this.sources, steps: this.steps }; }
  get position(): { head: number; size: number } { return { head: this.head, size: this.size }; }
  set position(p: { head: number; size: number }) {
    if (!Number.isInteger(p.head) || !Number.isInteger(p.size) || p.head < 0 || p.head > this.mask || p.size < 0 || p.size > this.mask + 1) {
      throw new RangeError(`InFlight: position head ${p.head}, size ${p.size} outside a ring of ${this.mask + 1}`);
    }
    this.head = p.head; this.size = p.size;
  }
}

/**
 * The last emissions of each source (step and time), enough to find, for a synapse of delay D, the
 * latest spike that has already arrived: at most span − 1 newer ones can still be on their way (a
 * source emits at most once per step), so a ring of more than `span` entries always holds it.
 */
export class SpikeHistory {
  private readonly depth: number;
  private readonly steps: Float64Array;
  private readonly times: Float64Array;
  private readonly count: Float64Array;

  constructor(nSources: number, span: number) {
    this.depth = 1 << Math.ceil(Math.log2(span + 1));
    this.steps = new Float64Array(nSources * this.depth);
    this.times = new Float64Array(nSources * this.depth);
    this.count = new Float64Array(nSources);
  }

  push(source: number, step: number, time: number): void {
    const q = source * this.depth + (this.count[source] % this.depth);
    this.steps[q] = step; this.times[q] = time;
    this.count[source]++;
  }

  /** The live arrays, for saving and restoring (the caller copies). */
  stateArrays(): { steps: Float64Array; times: Float64Array; count: Float64Array } {
    return { steps: this.steps, times: this.times, count: this.count };
  }

  /** Emission time of source j's latest spike with emission step + delay <= now, or −Infinity if none is kept. */
  latestArrived(j: number, delay: number, now: number): number {
    const n = Math.min(this.count[j], this.depth), base = j * this.depth;
    for (let b = 1; b <= n; b++) {
      const q = base + ((this.count[j] - b) % this.depth);
      if (this.steps[q] + delay <= now) return this.times[q];
    }
    return -Infinity;
  }
}

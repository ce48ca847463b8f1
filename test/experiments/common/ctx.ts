import { Generator } from '../../../src/core/random.js';
import type { Config, ExperimentContext } from '../../../src/experiments/types.js';

/** A silent experiment context with a chosen run folder and abort signal, for running training loops in tests. */
export function testContext<C extends Config>(config: C, opts: { seed?: number; outDir?: string | null; signal?: AbortSignal } = {}): ExperimentContext<C> & { logs: string[] } {
  const logs: string[] = [];
  const seed = opts.seed ?? 0;
  return {
    config, seed, generator: new Generator(seed), smoke: true, outDir: opts.outDir ?? null, signal: opts.signal ?? new AbortController().signal,
    progress: () => ({ tick: () => {}, done: () => {} }), log: (m) => { logs.push(m); }, metric: () => {}, logs,
  };
}

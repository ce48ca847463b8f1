import { Generator } from '../../src/core/random.js';
import type { Config, ExperimentContext } from '../../src/experiments/types.js';

/** A silent experiment context at smoke size, for running experiments inside tests. */
export function smokeContext<C extends Config>(config: C, seed = 0): ExperimentContext<C> {
  return {
    config, seed, generator: new Generator(seed), smoke: true, outDir: null, signal: new AbortController().signal,
    progress: () => ({ tick: () => {}, done: () => {} }), log: () => {}, metric: () => {},
  };
}

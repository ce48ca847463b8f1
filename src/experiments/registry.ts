import type { Experiment, Config } from './types.js';
import { foundationExperiments } from './foundation/index.js';
import { rlExperiments } from './rl/index.js';
import { frontiersExperiments } from './frontiers/index.js';
import { neuroExperiments } from './neuro/index.js';
import { learningExperiments } from './learning/index.js';
import { architecturesExperiments } from './architectures/index.js';

/** Every runnable experiment, in tour order within each domain. Each domain adds one line here. */
export const EXPERIMENTS: Experiment<Config>[] = [
  ...foundationExperiments,
  ...rlExperiments,
  ...neuroExperiments,
  ...frontiersExperiments,
  ...learningExperiments,
  ...architecturesExperiments,
] as Experiment<Config>[];

export function findExperiment(name: string): Experiment<Config> | undefined {
  return EXPERIMENTS.find((e) => e.name === name);
}

import type { Experiment } from '../types.js';
import { bciDecoding } from './bci-decoding.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const frontiersExperiments: Experiment<any>[] = [bciDecoding];

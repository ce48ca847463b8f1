import type { Experiment } from '../types.js';
import { izhikevichZoo } from './izhikevich-zoo.js';
import { hodgkinHuxleyExperiment } from './hodgkin-huxley.js';
import { bretteCuba, bretteCoba } from './brette.js';
import { stdpMnist } from './stdp-mnist.js';
import { snnMnist } from './snn-mnist.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const neuroExperiments: Experiment<any>[] = [izhikevichZoo, hodgkinHuxleyExperiment, bretteCuba, bretteCoba, stdpMnist, snnMnist];

import type { Experiment } from '../types.js';
import { bciDecoding } from './bci-decoding.js';
import { mnistAddition } from './mnist-addition.js';
import { multitaskMnist } from './multitask-mnist.js';
import { moeMnist } from './moe-mnist.js';
import { explainMnist } from './explain-mnist.js';
import { conceptBottleneck } from './concept-bottleneck.js';
import { fairnessAudit } from './fairness-audit.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const frontiersExperiments: Experiment<any>[] = [bciDecoding, mnistAddition, multitaskMnist, moeMnist, explainMnist, conceptBottleneck, fairnessAudit];

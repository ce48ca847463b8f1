import type { Experiment } from '../types.js';
import { simpleNet } from './simple-net.js';
import { perceptronXor } from './perceptron-xor.js';
import { mnistMlp } from './mnist-mlp.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const foundationExperiments: Experiment<any>[] = [perceptronXor, simpleNet, mnistMlp];

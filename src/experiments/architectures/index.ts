import type { Experiment } from '../types.js';
import { mnistCnn } from './mnist-cnn.js';
import { mnistRnn } from './mnist-rnn.js';
import { transformerAlgorithms } from './transformer-algorithms.js';
import { charLm } from './char-lm.js';
import { mnistVit } from './mnist-vit.js';

/** The deep-learning chapter: convolutional, recurrent and attention-based architectures. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const architecturesExperiments: Experiment<any>[] = [mnistCnn, mnistRnn, transformerAlgorithms, charLm, mnistVit];

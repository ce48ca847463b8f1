import type { Experiment } from '../types.js';
import { hebbianPca } from './hebbian-pca.js';
import { hopfieldCapacity } from './hopfield-capacity.js';
import { sparseCoding } from './sparse-coding.js';
import { feedbackAlignment } from './feedback-alignment.js';
import { predictiveCoding } from './predictive-coding.js';
import { vaeMnist } from './vae-mnist.js';
import { contrastiveMnist } from './contrastive-mnist.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const learningExperiments: Experiment<any>[] = [hebbianPca, hopfieldCapacity, sparseCoding, feedbackAlignment, predictiveCoding, vaeMnist, contrastiveMnist];

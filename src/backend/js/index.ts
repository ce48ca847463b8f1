import type { Backend } from '../backend.js';
import { binary, unary, unaryGrad } from './elementwise.js';
import { matmul, matmulBatch } from './linalg.js';
import { reduce, argReduce, softmax, softmaxGrad } from './reduce.js';
import { permute, broadcastTo, sumTo } from './movement.js';
import { im2col, col2im, conv2d, conv2dGradInput, conv2dGradWeight } from './conv.js';
import { maxPool2d, maxPool2dGrad } from './pool.js';
import { sgdStep, adamStep } from './optim.js';

/** The reference backend: plain TypeScript loops, the oracle every other backend is tested against. */
export const jsBackend: Backend = {
  name: 'js',
  binary, unary, unaryGrad, matmul, matmulBatch, reduce, argReduce, softmax, softmaxGrad,
  permute, broadcastTo, sumTo, im2col, col2im, conv2d, conv2dGradInput, conv2dGradWeight, maxPool2d, maxPool2dGrad, sgdStep, adamStep,
};

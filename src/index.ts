/**
 * Neural Alchemy: brain-inspired machine learning in TypeScript.
 *
 * @example
 * import { manualSeed, randn, nn, optim } from 'neural-alchemy';
 * manualSeed(42);
 * const model = new nn.Linear(3, 1);
 * const opt = new optim.SGD(model.parameters(), { lr: 0.01 });
 */
export * from './core/index.js';
export { getBackend, setBackend, listBackends, setNumThreads, getNumThreads, registerBackend } from './backend/registry.js';
export * as nn from './nn/index.js';
export * as optim from './optim/index.js';
export * as data from './data/index.js';
export * as io from './io/index.js';
export * as learning from './learning/index.js';
export * as unsupervised from './unsupervised/index.js';
export * as bci from './bci/index.js';
export * as symbolic from './symbolic/index.js';
export * as neuro from './neuro/index.js';
export * as rl from './rl/index.js';
export * as systems from './systems/index.js';
export * as explain from './explain/index.js';

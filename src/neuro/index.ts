export * from './neurons/index.js';
export * from './coding/index.js';
export * from './synapses/index.js';
export * from './plasticity/index.js';

export * from './neurons/index.js';
export * from './coding/index.js';
export * from './synapses/index.js';
export * from './plasticity/index.js';
export * from './network/index.js';
export { buildBrette, CUBA_NEURON, CUBA_WEIGHTS, COBA_NEURON, COBA_WEIGHTS, type BretteKind, type BretteOptions, type BretteNetwork } from './benchmarks/brette.js';
export { DiehlCook, DIEHL_COOK_DEFAULTS, assignLabels, classifyByAssignment, ResponseTally, type DiehlCookConfig, type DiehlCookRecord, type DiehlCookState } from './benchmarks/diehl-cook.js';
export * from './surrogate/index.js';

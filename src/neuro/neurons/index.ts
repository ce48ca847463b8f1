export type { NeuronModel, NeuronState, NeuronInput } from './model.js';
export { withDefaults } from './model.js';
export { NeuronLayer } from './layer.js';
export { lif, adaptiveLif, lifStep, lifStepEvents, synapticPropagator, LIF_DEFAULTS, ADAPTIVE_LIF_DEFAULTS, type LifParams, type LifState } from './lif.js';
export { lifCond, lifCondStep, lifCondStepEvents, LIF_COND_DEFAULTS, type LifCondParams, type LifCondState } from './lif-cond.js';
export { izhikevich, izhikevichStep, izhikevichParams, IZHIKEVICH_TYPES, IZHIKEVICH_DEFAULTS, type IzhikevichParams, type IzhikevichState, type IzhikevichType } from './izhikevich.js';
export { hodgkinHuxley, hodgkinHuxleyStep, hhSteadyState, HH_DEFAULTS, type HodgkinHuxleyParams, type HodgkinHuxleyState } from './hodgkin-huxley.js';
export { adex, adexStep, ADEX_DEFAULTS, type AdExParams, type AdExState } from './adex.js';

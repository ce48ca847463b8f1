export { expSynapseStep, alphaSynapseStep, conductanceCurrent, validateSynapse } from './kernels.js';
export { DelayLine, requireNonNegativeInt } from './delay.js';

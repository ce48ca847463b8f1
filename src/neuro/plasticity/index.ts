export { clipWeights, normalizeRows, normalizeRowsL2 } from './weights.js';
export { hebbianUpdate, ojaUpdate, sangerUpdate, bcmUpdate } from './rate-rules.js';
export {
  stdpStep, stdpWindow, validateStdp, initStdpState, STDP_DEFAULTS, type StdpParams, type StdpState,
  stdpTripletStep, validateTriplet, initTripletState, TRIPLET_VISUAL_CORTEX, type TripletParams, type TripletState,
  rstdpStep, initRstdpState, RSTDP_DEFAULTS, type RstdpParams, type RstdpState,
} from './stdp.js';

export { type Connectivity, fixedProbability, oneToOne, allToAll, synapseCount, validateConnectivity } from './connectivity.js';
export { PoissonGroup, type SpikeSource } from './sources.js';
export { Projection, type ProjectionOptions } from './projection.js';
export { SpikeMonitor, StateMonitor, RateMonitor } from './monitors.js';
export { Network, type RunStats } from './network.js';
export { ENERGY_PJ, energyEstimate, type EnergyEstimate } from './energy.js';

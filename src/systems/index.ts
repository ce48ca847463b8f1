/**
 * Systems-level architecture: sparsely gated mixtures of experts with balancing and collapse
 * detection, multi-task networks with uncertainty weighting, and modular networks with routing.
 */
export { topKIndices, loadBalancingLoss, cvSquared, routerHealth, type RouterHealth } from './gating.js';
export { MixtureOfExperts, type MixtureOfExpertsOptions, type RoutingRecord } from './moe.js';
export { MultiTaskNetwork, UncertaintyWeighting } from './multitask.js';
export { ModularNetwork, type ModularNetworkOptions } from './modular.js';

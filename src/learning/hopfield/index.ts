export { HopfieldNetwork, overlap, bipolarize, flipBits, type StorageRule, type RecallOptions, type RecallResult } from './hopfield.js';
export { denseHopfieldRetrieve, HopfieldLayer } from './modern.js';

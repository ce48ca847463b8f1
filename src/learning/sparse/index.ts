export { lassoObjective, softThreshold, lipschitz, activeFraction } from './objective.js';
export { ista, fista, lca, type SparseInferenceOptions, type SparseInferenceResult, type LcaOptions } from './ista.js';
export { DictionaryLearner, normalizeRows, extractPatches, type DictionaryLearnerOptions, type DictionaryStep, type PatchOptions } from './dictionary.js';

/**
 * Neuro-symbolic integration: differentiable fuzzy connectives and quantifiers over network
 * outputs, and exact probabilistic inference over small discrete programs.
 */
export { product, lukasiewicz, godel, forall, exists, fuzzyLogic, type FuzzyLogic, type QuantifierOptions } from './fuzzy.js';
export { enumerateWorlds, worldProbabilities, DiscreteProgram, conditionalProbability } from './program.js';

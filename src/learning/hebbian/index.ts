export { type PlasticityRule, applyRule, linearResponse } from './rule.js';
export { HebbRule, OjaRule, SangerRule, BCMRule, CompetitiveRule } from './rules.js';

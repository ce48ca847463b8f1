import { AlchemyError } from '../core/errors.js';

/**
 * `step()` called before `reset()`, or after the episode ended (terminated or truncated) without a
 * new `reset()`. Gymnasium raises its `ResetNeeded` in the same place (OrderEnforcing wrapper).
 */
export class ResetNeededError extends AlchemyError {}

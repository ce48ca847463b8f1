import { Generator } from '../../core/random.js';
import { IndexError, ValueError } from '../../core/errors.js';
import { describeValue } from '../spaces.js';

/**
 * Index of the largest of `values[offset .. offset+n)` relative to `offset`, ties broken uniformly at
 * random (a fixed tie-break biases early exploration, Sutton & Barto §2.3).
 *
 * @example
 * argmaxRandomTie(Float64Array.from([1, 3, 3]), new Generator(0)); // 1 or 2
 */
export function argmaxRandomTie(values: ArrayLike<number>, gen: Generator, offset = 0, n = values.length - offset): number {
  let best = -Infinity, count = 0, choice = 0;
  for (let i = 0; i < n; i++) {
    const v = values[offset + i];
    if (v > best) { best = v; count = 1; choice = i; }
    else if (v === best && gen.uniform() * ++count < 1) choice = i; // reservoir sampling over ties
  }
  return choice;
}

/**
 * ε-greedy choice from one row of action values: uniform with probability ε, else greedy.
 *
 * @example
 * epsilonGreedy(Float64Array.from([0, 1]), 0.1, new Generator(0));
 */
export function epsilonGreedy(values: ArrayLike<number>, epsilon: number, gen: Generator, offset = 0, n = values.length - offset): number {
  if (gen.uniform() < epsilon) return gen.int(0, n);
  return argmaxRandomTie(values, gen, offset, n);
}

/** Action probabilities of ε-greedy on a row (ties share the greedy mass), into `out`. */
export function epsilonGreedyProbs(values: ArrayLike<number>, epsilon: number, offset: number, n: number, out: Float64Array = new Float64Array(n)): Float64Array {
  let best = -Infinity, ties = 0;
  for (let i = 0; i < n; i++) { const v = values[offset + i]; if (v > best) { best = v; ties = 1; } else if (v === best) ties++; }
  for (let i = 0; i < n; i++) out[i] = epsilon / n + (values[offset + i] === best ? (1 - epsilon) / ties : 0);
  return out;
}

/** Checks that a tabular agent got a state index it has a row for. */
export function checkState(who: string, s: unknown, numStates: number): number {
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0 || s >= numStates) {
    throw new IndexError(`${who}: observation ${describeValue(s)} is not a state index in [0, ${numStates}); tabular agents take Discrete observations (wrap continuous ones in a discretiser)`);
  }
  return s;
}

/** Checks a probability-like hyperparameter. */
export function checkUnit(who: string, name: string, v: number): void {
  if (!(v >= 0 && v <= 1)) throw new ValueError(`${who}: ${name} must be in [0, 1], got ${v}`);
}

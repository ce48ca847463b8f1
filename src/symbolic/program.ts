import { Tensor } from '../core/tensor.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { exists, product, type FuzzyLogic } from './fuzzy.js';

export interface SatisfactionOptions {
  /** Connective for "every variable takes its value in this world" (default: product, as in LTN). */
  logic?: FuzzyLogic;
  /** Exponent of the p-mean existential over the consistent worlds (default 1; see `exists`). */
  p?: number;
  /** Stable-projection margin passed to `exists` (default 1e-4). */
  eps?: number;
}

/**
 * Every joint assignment of variables with the given domain sizes, in row-major order (the last
 * variable changes fastest), e.g. [2, 3] → [0,0], [0,1], [0,2], [1,0] ...
 * @example enumerateWorlds([2, 2]); // [[0,0],[0,1],[1,0],[1,1]]
 */
export function enumerateWorlds(domainSizes: readonly number[]): number[][] {
  const total = domainSizes.reduce((a, k) => a * k, 1);
  if (!domainSizes.every((k) => Number.isInteger(k) && k > 0)) throw new ValueError(`enumerateWorlds: domain sizes must be positive integers, got [${domainSizes.join(', ')}]`);
  if (total > 1 << 20) throw new ValueError(`enumerateWorlds: ${total} worlds are too many to enumerate exactly (limit 2^20); use fewer or smaller variables`);
  const worlds: number[][] = [];
  for (let w = 0; w < total; w++) {
    const world = new Array<number>(domainSizes.length);
    let r = w;
    for (let v = domainSizes.length - 1; v >= 0; v--) { world[v] = r % domainSizes[v]; r = Math.floor(r / domainSizes[v]); }
    worlds.push(world);
  }
  return worlds;
}

/**
 * Joint probability of every world for independent categorical variables: dists[v] is
 * [batch, K_v] (rows sum to one); the result is [batch, Π K_v], built from broadcast products so
 * gradients reach every input distribution.
 * @example worldProbabilities([p1, p2]).shape; // [batch, K1 * K2]
 */
export function worldProbabilities(dists: readonly Tensor[]): Tensor {
  if (dists.length === 0) throw new ValueError('worldProbabilities: need at least one variable');
  const B = dists[0].shape[0];
  dists.forEach((d, v) => {
    if (d.ndim !== 2 || d.shape[0] !== B) throw new ShapeError(`worldProbabilities: variable ${v} must be [batch=${B}, values], got [${d.shape.join(', ')}]`);
  });
  let joint = dists[0];
  for (let v = 1; v < dists.length; v++) {
    const k = dists[v].shape[1];
    joint = joint.unsqueeze(2).mul(dists[v].unsqueeze(1)).reshape([B, joint.shape[1] * k]);
  }
  return joint;
}

/**
 * A small discrete probabilistic program over independent categorical variables whose
 * distributions come from networks (the setting of DeepProbLog, Manhaeve et al. 2018). Exact
 * inference enumerates the worlds once and compiles the query into a world → outcome matrix, so
 * each call is one differentiable product: P(outcome) = Σ_worlds P(world)·[query(world) = outcome].
 * @example
 * const add = new DiscreteProgram([10, 10], ([a, b]) => a + b, 19);
 * add.query([p1, p2]); // [batch, 19], rows sum to one
 */
export class DiscreteProgram {
  readonly worlds: number[][];
  /** [worlds, outcomes] indicator matrix (the compiled query). */
  readonly compiled: Tensor;
  /** [outcomes, worlds]: row o marks the worlds whose outcome is o (the guard of `satisfaction`). */
  private byOutcome: Tensor | null = null;

  constructor(readonly domainSizes: readonly number[], outcome: (world: number[]) => number, readonly numOutcomes: number) {
    if (!Number.isInteger(numOutcomes) || numOutcomes <= 0) throw new ValueError(`DiscreteProgram: numOutcomes must be a positive integer, got ${numOutcomes}`);
    this.worlds = enumerateWorlds(domainSizes);
    const m = new Float32Array(this.worlds.length * numOutcomes);
    this.worlds.forEach((w, i) => {
      const o = outcome(w);
      if (!Number.isInteger(o) || o < 0 || o >= numOutcomes) {
        throw new ValueError(`DiscreteProgram: the query maps world [${w.join(', ')}] to ${o}, outside the outcomes 0..${numOutcomes - 1}`);
      }
      m[i * numOutcomes + o] = 1;
    });
    this.compiled = new Tensor(m, [this.worlds.length, numOutcomes]);
  }

  private check(dists: readonly Tensor[]): void {
    if (dists.length !== this.domainSizes.length) throw new ShapeError(`DiscreteProgram: expected ${this.domainSizes.length} distributions, got ${dists.length}`);
    dists.forEach((d, v) => {
      if (d.shape[1] !== this.domainSizes[v]) throw new ShapeError(`DiscreteProgram: variable ${v} has ${this.domainSizes[v]} values but its distribution is [${d.shape.join(', ')}]`);
    });
  }

  /** [batch, numOutcomes] exact distribution of the query's outcome. */
  query(dists: readonly Tensor[]): Tensor {
    this.check(dists);
    return worldProbabilities(dists).matmul(this.compiled);
  }

  /** Most probable outcome per example (exact marginal MAP over the query). */
  predict(dists: readonly Tensor[]): Int32Array {
    return Int32Array.from(this.query(dists).argmax(1).data);
  }

  private checkObserved(who: string, observed: Tensor, batch: number): void {
    if (observed.ndim !== 1 || observed.shape[0] !== batch) throw new ShapeError(`DiscreteProgram.${who}: observed outcomes must be [${batch}], got [${observed.shape.join(', ')}]`);
    for (const o of observed.data) if (!(o >= 0 && o < this.numOutcomes)) throw new ValueError(`DiscreteProgram.${who}: observed outcome ${o} is outside 0..${this.numOutcomes - 1}`);
  }

  /**
   * Negative log-likelihood of observed outcomes (int32 [batch]): the semantic loss that trains
   * the networks through the program.
   */
  nll(dists: readonly Tensor[], observed: Tensor, eps = 1e-12): Tensor {
    const p = this.query(dists);
    this.checkObserved('nll', observed, p.shape[0]);
    return p.gather(1, observed.int().unsqueeze(1)).clamp(eps, null).log().neg().mean();
  }

  /**
   * Fuzzy truth, per example, of "∃ world: query(world) = observed ∧ every variable takes its value
   * in that world": the conjunction (a t-norm) of the variables' truth degrees in each world,
   * aggregated by a p-mean over the worlds consistent with the observation only (guarded
   * quantification). This is the inner formula of LTN's MNIST-addition axiom
   * ∀ (x, y, n) ∃ (d1, d2 : d1 + d2 = n) Digit(x, d1) ∧ Digit(y, d2) (Badreddine et al. 2022, sec. 4.3).
   * With the product t-norm and p = 1 it equals P(observed) / (number of consistent worlds).
   * @example
   * const add = new DiscreteProgram([10, 10], ([a, b]) => a + b, 19);
   * const sat = forall(add.satisfaction([p1, p2], sums), { p: 2 }); // loss = 1 − sat
   */
  satisfaction(dists: readonly Tensor[], observed: Tensor, opts: SatisfactionOptions = {}): Tensor {
    this.check(dists);
    const logic = opts.logic ?? product, B = dists[0].shape[0];
    this.checkObserved('satisfaction', observed, B);
    let conj = dists[0];
    for (let v = 1; v < dists.length; v++) {
      const k = dists[v].shape[1];
      conj = logic.and(conj.unsqueeze(2), dists[v].unsqueeze(1)).reshape([B, conj.shape[1] * k]);
    }
    this.byOutcome ??= this.compiled.transpose(0, 1).contiguous();
    const mask = this.byOutcome.indexSelect(0, Array.from(observed.data, Number));
    return exists(conj, { p: opts.p ?? 1, eps: opts.eps, dim: 1, mask });
  }
}

/**
 * P(query | evidence) for boolean predicates on worlds, exactly, as P(query ∧ evidence)/P(evidence).
 * @example conditionalProbability([p1, p2], ([a, b]) => a === 1, ([a, b]) => a + b === 1); // [batch]
 */
export function conditionalProbability(dists: readonly Tensor[], query: (w: number[]) => boolean, evidence: (w: number[]) => boolean = () => true): Tensor {
  const sizes = dists.map((d) => d.shape[1]);
  const both = new DiscreteProgram(sizes, (w) => (query(w) && evidence(w) ? 1 : 0), 2).query(dists).select(1, 1);
  const ev = new DiscreteProgram(sizes, (w) => (evidence(w) ? 1 : 0), 2).query(dists).select(1, 1);
  return both.div(ev);
}

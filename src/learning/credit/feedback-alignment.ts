import { Tensor } from '../../core/tensor.js';
import { fmt } from '../../core/shape.js';
import { ShapeError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import type { Sequential } from '../../nn/containers.js';
import { CreditAssigner, type CreditOptions, type CreditStepReport } from './assigner.js';

export interface FeedbackOptions extends CreditOptions {
  /** Fixed feedback matrices; random uniform ones are drawn when omitted. */
  feedback?: Tensor[];
  generator?: Generator;
}

function uniformMatrix(rows: number, cols: number, bound: number, gen: Generator): Tensor {
  const d = new Float32Array(rows * cols);
  for (let i = 0; i < d.length; i++) d[i] = (2 * gen.uniform() - 1) * bound;
  return new Tensor(d, [rows, cols]);
}

function checkFeedback(method: string, given: Tensor[], expected: [number, number][], what: string): Tensor[] {
  if (given.length !== expected.length) {
    throw new ShapeError(`${method}: expected ${expected.length} feedback matrices (${what}), got ${given.length}`);
  }
  given.forEach((b, i) => {
    if (b.ndim !== 2 || b.shape[0] !== expected[i][0] || b.shape[1] !== expected[i][1]) {
      throw new ShapeError(`${method}: feedback matrix ${i} has shape ${fmt(b.shape)} but must be ${fmt(expected[i])} (${what})`);
    }
  });
  return given.map((b) => b.detach());
}

/**
 * Feedback alignment (Lillicrap, Cownden, Tweed & Akerman 2016): errors travel down through fixed
 * random matrices B_{l+1} in place of W_{l+1}ᵀ, δ_l = (δ_{l+1} B_{l+1}) ⊙ f'(a_l). The forward weights
 * come to align with the feedback, so the updates turn to within 90° of backprop's.
 * Feedback matrix l (for l = 1 … L−1) has the shape of layer l's weight, [out_l, in_l].
 * @example const fa = new FeedbackAlignment(model, { measureAngles: true });
 */
export class FeedbackAlignment extends CreditAssigner {
  readonly name = 'feedback-alignment';
  readonly feedback: Tensor[];
  constructor(model: Sequential, opts: FeedbackOptions = {}) {
    super(model, opts);
    const shapes = this.blocks.slice(1).map((b) => [b.linear.outFeatures, b.linear.inFeatures] as [number, number]);
    const gen = opts.generator ?? defaultGenerator;
    this.feedback = opts.feedback
      ? checkFeedback('FeedbackAlignment', opts.feedback, shapes, 'one per layer after the first, each shaped like that layer\'s weight [out, in]')
      : shapes.map(([o, i]) => uniformMatrix(o, i, 1 / Math.sqrt(i), gen));
  }
  computeGradients(x: Tensor, target: Tensor): CreditStepReport {
    return this.routedStep(x, target, (l) => this.feedback[l], false);
  }
}

/**
 * Direct feedback alignment (Nøkland 2016): each hidden layer receives the output error directly
 * through its own fixed random matrix, δ_l = (δ_L B_l) ⊙ f'(a_l), with B_l [outputs, units_l], so
 * no error passes through the layers above.
 * @example const dfa = new DirectFeedbackAlignment(model, { measureAngles: true });
 */
export class DirectFeedbackAlignment extends CreditAssigner {
  readonly name = 'direct-feedback-alignment';
  readonly feedback: Tensor[];
  constructor(model: Sequential, opts: FeedbackOptions = {}) {
    super(model, opts);
    const out = this.blocks[this.blocks.length - 1].linear.outFeatures;
    const shapes = this.blocks.slice(0, -1).map((b) => [out, b.linear.outFeatures] as [number, number]);
    const gen = opts.generator ?? defaultGenerator;
    this.feedback = opts.feedback
      ? checkFeedback('DirectFeedbackAlignment', opts.feedback, shapes, `one per hidden layer, each [${out} outputs, units of that layer]`)
      : shapes.map(([o, u]) => uniformMatrix(o, u, 1 / Math.sqrt(o), gen));
  }
  computeGradients(x: Tensor, target: Tensor): CreditStepReport {
    return this.routedStep(x, target, (l) => this.feedback[l], true);
  }
}

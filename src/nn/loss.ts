import { Tensor } from '../core/tensor.js';
import { Module } from './module.js';
import * as F from './functional/loss.js';

abstract class Loss extends Module {
  constructor(readonly reduction: F.Reduction = 'mean') { super(); }
  abstract override forward(input: Tensor, target: Tensor): Tensor;
}

/** @example new nn.MSELoss().forward(pred, target) */
export class MSELoss extends Loss {
  constructor(opts: { reduction?: F.Reduction } = {}) { super(opts.reduction); }
  forward(input: Tensor, target: Tensor): Tensor { return F.mseLoss(input, target, this.reduction); }
}
export class L1Loss extends Loss {
  constructor(opts: { reduction?: F.Reduction } = {}) { super(opts.reduction); }
  forward(input: Tensor, target: Tensor): Tensor { return F.l1Loss(input, target, this.reduction); }
}
export class HuberLoss extends Loss {
  readonly delta: number;
  constructor(opts: { reduction?: F.Reduction; delta?: number } = {}) { super(opts.reduction); this.delta = opts.delta ?? 1; }
  forward(input: Tensor, target: Tensor): Tensor { return F.huberLoss(input, target, this.reduction, this.delta); }
}
export class SmoothL1Loss extends Loss {
  readonly beta: number;
  constructor(opts: { reduction?: F.Reduction; beta?: number } = {}) { super(opts.reduction); this.beta = opts.beta ?? 1; }
  forward(input: Tensor, target: Tensor): Tensor { return F.smoothL1Loss(input, target, this.reduction, this.beta); }
}
/** BCE on probabilities (after a sigmoid). */
export class BCELoss extends Loss {
  readonly weight?: Tensor;
  constructor(opts: { reduction?: F.Reduction; weight?: Tensor } = {}) { super(opts.reduction); this.weight = opts.weight; }
  forward(input: Tensor, target: Tensor): Tensor { return F.bceLoss(input, target, this.reduction, this.weight); }
}
/** BCE on logits, numerically stable. */
export class BCEWithLogitsLoss extends Loss {
  readonly weight?: Tensor; readonly posWeight?: Tensor;
  constructor(opts: { reduction?: F.Reduction; weight?: Tensor; posWeight?: Tensor } = {}) {
    super(opts.reduction); this.weight = opts.weight; this.posWeight = opts.posWeight;
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.bceWithLogits(input, target, this.reduction, { weight: this.weight, posWeight: this.posWeight }); }
}
/** Cross-entropy on logits with class indices or probabilities; weights, ignoreIndex, labelSmoothing. */
export class CrossEntropyLoss extends Loss {
  readonly opts: F.CrossEntropyOptions;
  constructor(opts: F.CrossEntropyOptions = {}) { super(opts.reduction); this.opts = opts; }
  forward(input: Tensor, target: Tensor): Tensor { return F.crossEntropy(input, target, this.opts); }
}
/** NLL on log-probabilities with class indices. */
export class NLLLoss extends Loss {
  readonly opts: F.NllOptions;
  constructor(opts: F.NllOptions = {}) { super(opts.reduction); this.opts = opts; }
  forward(input: Tensor, target: Tensor): Tensor { return F.nllLoss(input, target, this.opts); }
}
/** KL divergence; input holds log-probabilities. */
export class KLDivLoss extends Module {
  readonly reduction: F.Reduction | 'batchmean'; readonly logTarget: boolean;
  constructor(opts: { reduction?: F.Reduction | 'batchmean'; logTarget?: boolean } = {}) {
    super(); this.reduction = opts.reduction ?? 'mean'; this.logTarget = opts.logTarget ?? false;
  }
  forward(input: Tensor, target: Tensor): Tensor { return F.klDiv(input, target, this.reduction, this.logTarget); }
}

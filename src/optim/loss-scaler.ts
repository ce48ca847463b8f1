import type { Tensor } from '../core/tensor.js';
import { ValueError } from '../core/errors.js';

export interface LossScalerOptions {
  /** Starting scale (torch.cuda.amp.GradScaler: 2^16). */
  initScale?: number;
  /** Scale multiplier after `growthInterval` steps without overflow. */
  growthFactor?: number;
  /** Scale multiplier after a step whose gradients overflowed. */
  backoffFactor?: number;
  growthInterval?: number;
}

interface SteppableOptimizer { paramGroups: { params: Tensor[] }[]; step(): void }

/**
 * Dynamic loss scaling (Micikevicius et al. 2018, "Mixed Precision Training", sec. 3.2; the
 * policy of torch.cuda.amp.GradScaler): multiply the loss by a large scale so small gradients
 * survive low-precision arithmetic, divide the gradients back before the update, and if any
 * gradient is NaN/Inf skip that update and halve the scale. After `growthInterval` clean steps the
 * scale doubles again.
 *
 * @example
 * const scaler = new LossScaler();
 * scaler.scale(loss).backward();
 * scaler.step(opt);   // unscales, skips the update on overflow
 * scaler.update();    // adjusts the scale
 */
export class LossScaler {
  private scaleValue: number;
  private goodSteps = 0;
  private foundInf: boolean | null = null;
  readonly growthFactor: number; readonly backoffFactor: number; readonly growthInterval: number;

  constructor(o: LossScalerOptions = {}) {
    this.scaleValue = o.initScale ?? 2 ** 16;
    this.growthFactor = o.growthFactor ?? 2;
    this.backoffFactor = o.backoffFactor ?? 0.5;
    this.growthInterval = o.growthInterval ?? 2000;
    if (!(this.scaleValue > 0) || !Number.isFinite(this.scaleValue)) throw new ValueError(`LossScaler: initScale must be a positive finite number, got ${this.scaleValue}`);
    if (!(this.growthFactor > 1)) throw new ValueError(`LossScaler: growthFactor must be > 1, got ${this.growthFactor}`);
    if (!(this.backoffFactor > 0 && this.backoffFactor < 1)) throw new ValueError(`LossScaler: backoffFactor must be in (0, 1), got ${this.backoffFactor}`);
    if (!Number.isInteger(this.growthInterval) || this.growthInterval < 1) throw new ValueError(`LossScaler: growthInterval must be a positive integer, got ${this.growthInterval}`);
  }

  /** The current scale. */
  getScale(): number { return this.scaleValue; }

  /** loss × scale, to call backward() on. */
  scale(loss: Tensor): Tensor { return loss.mul(this.scaleValue); }

  /**
   * Divides every gradient by the scale and, if all are finite, runs `optimizer.step()`.
   * Returns false when the step was skipped because a gradient overflowed.
   */
  step(optimizer: SteppableOptimizer): boolean {
    const inv = 1 / this.scaleValue;
    const done = new Set<ArrayLike<number>>();
    let finite = true;
    for (const g of optimizer.paramGroups) for (const p of g.params) {
      const grad = p.grad;
      if (!grad || done.has(grad.data)) continue; // a shared gradient buffer is unscaled once
      done.add(grad.data);
      const d = grad.data;
      for (let i = 0; i < d.length; i++) {
        const v = d[i] * inv;
        if (v !== v || v === Infinity || v === -Infinity) finite = false;
        d[i] = v;
      }
    }
    this.foundInf = !finite;
    if (finite) optimizer.step();
    return finite;
  }

  /** Backs off after an overflow, grows after `growthInterval` clean steps. Call once per step(). */
  update(): void {
    if (this.foundInf === null) throw new ValueError('LossScaler.update: call step(optimizer) first');
    if (this.foundInf) { this.scaleValue *= this.backoffFactor; this.goodSteps = 0; }
    else if (++this.goodSteps >= this.growthInterval) { this.scaleValue *= this.growthFactor; this.goodSteps = 0; }
    this.foundInf = null;
  }

  stateDict(): { scale: number; goodSteps: number } { return { scale: this.scaleValue, goodSteps: this.goodSteps }; }
  loadStateDict(s: { scale: number; goodSteps: number }): void {
    if (!s || !(s.scale > 0) || !Number.isFinite(s.scale) || !Number.isInteger(s.goodSteps) || s.goodSteps < 0) {
      throw new ValueError('LossScaler.loadStateDict: expected { scale: positive number, goodSteps: non-negative integer } from stateDict()');
    }
    this.scaleValue = s.scale; this.goodSteps = s.goodSteps;
  }
}

import type { Optimizer } from './optimizer.js';
import { ValueError } from '../core/errors.js';

type AnyOptimizer = Optimizer<{ lr: number }>;

/**
 * Base of epoch-based schedules: each step() sets every group's lr from a closed form of the
 * epoch count, as torch.optim.lr_scheduler (which also applies epoch 0 on construction).
 */
export abstract class LRScheduler {
  readonly baseLrs: number[];
  lastEpoch = 0;
  constructor(readonly optimizer: AnyOptimizer) {
    this.baseLrs = optimizer.paramGroups.map((g) => g.lr);
  }
  protected abstract lrAt(epoch: number, base: number): number;
  step(): void {
    this.lastEpoch++;
    this.apply();
  }
  protected apply(): void {
    this.optimizer.paramGroups.forEach((g, i) => { g.lr = this.lrAt(this.lastEpoch, this.baseLrs[i]); });
  }
  getLastLr(): number[] { return this.optimizer.paramGroups.map((g) => g.lr); }
  stateDict(): { lastEpoch: number; baseLrs: number[] } { return { lastEpoch: this.lastEpoch, baseLrs: [...this.baseLrs] }; }
  loadStateDict(s: { lastEpoch: number; baseLrs?: number[] }): void {
    if (!s || !Number.isInteger(s.lastEpoch) || s.lastEpoch < 0) throw new ValueError(`${this.constructor.name}.loadStateDict: lastEpoch must be a non-negative integer`);
    this.lastEpoch = s.lastEpoch;
    if (s.baseLrs) s.baseLrs.forEach((b, i) => { this.baseLrs[i] = b; });
    this.apply();
  }
}

/** lr · gamma^⌊epoch/stepSize⌋. @example new StepLR(opt, { stepSize: 10, gamma: 0.1 }) */
export class StepLR extends LRScheduler {
  constructor(opt: AnyOptimizer, readonly o: { stepSize: number; gamma?: number }) { super(opt); }
  protected lrAt(e: number, base: number): number { return base * Math.pow(this.o.gamma ?? 0.1, Math.floor(e / this.o.stepSize)); }
}
/** lr · gamma^epoch. */
export class ExponentialLR extends LRScheduler {
  constructor(opt: AnyOptimizer, readonly o: { gamma: number }) { super(opt); }
  protected lrAt(e: number, base: number): number { return base * Math.pow(this.o.gamma, e); }
}
/** Cosine from the base lr down to etaMin over tMax epochs (SGDR without restarts, closed form). */
export class CosineAnnealingLR extends LRScheduler {
  constructor(opt: AnyOptimizer, readonly o: { tMax: number; etaMin?: number }) { super(opt); }
  protected lrAt(e: number, base: number): number {
    const min = this.o.etaMin ?? 0;
    return min + (base - min) * (1 + Math.cos(Math.PI * e / this.o.tMax)) / 2;
  }
}
/** Linear warm-up: factor goes from startFactor to endFactor over totalIters steps. */
export class LinearLR extends LRScheduler {
  constructor(opt: AnyOptimizer, readonly o: { startFactor?: number; endFactor?: number; totalIters?: number } = {}) {
    super(opt);
    this.apply();
  }
  protected lrAt(e: number, base: number): number {
    const s = this.o.startFactor ?? 1 / 3, f = this.o.endFactor ?? 1, T = this.o.totalIters ?? 5;
    return base * (s + (f - s) * Math.min(e, T) / T);
  }
}
/** lr · fn(epoch). */
export class LambdaLR extends LRScheduler {
  constructor(opt: AnyOptimizer, readonly fn: (epoch: number) => number) { super(opt); this.apply(); }
  protected lrAt(e: number, base: number): number { return base * this.fn(e); }
}

/** Linear warm-up for `warmup` steps, then cosine decay to etaMin at `total` (the usual Transformer schedule). */
export class WarmupCosineLR extends LRScheduler {
  constructor(opt: AnyOptimizer, readonly o: { warmup: number; total: number; etaMin?: number }) { super(opt); this.apply(); }
  protected lrAt(e: number, base: number): number {
    if (e < this.o.warmup) return base * (e + 1) / this.o.warmup;
    const t = Math.min(1, (e - this.o.warmup) / Math.max(1, this.o.total - this.o.warmup));
    const min = this.o.etaMin ?? 0;
    return min + (base - min) * (1 + Math.cos(Math.PI * t)) / 2;
  }
}

/** Cuts the lr by `factor` when a metric stops improving for `patience` epochs (torch's ReduceLROnPlateau, rel threshold mode). */
export class ReduceLROnPlateau {
  private best: number;
  private bad = 0;
  private cooldownLeft = 0;
  readonly mode: 'min' | 'max'; readonly factor: number; readonly patience: number; readonly threshold: number; readonly cooldown: number; readonly minLr: number;
  constructor(readonly optimizer: AnyOptimizer, o: { mode?: 'min' | 'max'; factor?: number; patience?: number; threshold?: number; cooldown?: number; minLr?: number } = {}) {
    this.mode = o.mode ?? 'min'; this.factor = o.factor ?? 0.1; this.patience = o.patience ?? 10;
    this.threshold = o.threshold ?? 1e-4; this.cooldown = o.cooldown ?? 0; this.minLr = o.minLr ?? 0;
    if (!(this.factor < 1)) throw new ValueError(`ReduceLROnPlateau: factor must be < 1, got ${this.factor}`);
    this.best = this.mode === 'min' ? Infinity : -Infinity;
  }
  step(metric: number): void {
    const better = this.mode === 'min' ? metric < this.best * (1 - this.threshold) : metric > this.best * (1 + this.threshold);
    if (better) { this.best = metric; this.bad = 0; } else this.bad++;
    if (this.cooldownLeft > 0) { this.cooldownLeft--; this.bad = 0; }
    if (this.bad > this.patience) {
      for (const g of this.optimizer.paramGroups) g.lr = Math.max(g.lr * this.factor, this.minLr);
      this.cooldownLeft = this.cooldown; this.bad = 0;
    }
  }
  getLastLr(): number[] { return this.optimizer.paramGroups.map((g) => g.lr); }
  stateDict(): { best: number; bad: number; cooldownLeft: number } { return { best: this.best, bad: this.bad, cooldownLeft: this.cooldownLeft }; }
  loadStateDict(s: { best: number; bad: number; cooldownLeft: number }): void { this.best = s.best; this.bad = s.bad; this.cooldownLeft = s.cooldownLeft; }
}

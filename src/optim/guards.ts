import type { Tensor } from '../core/tensor.js';
import { AlchemyError } from '../core/errors.js';

/** Raised when a training loss is NaN or ±Infinity; training must stop before the bad update is applied. */
export class NonFiniteLossError extends AlchemyError {
  constructor(message: string, readonly loss: number, readonly step?: number) { super(message); }
}

/**
 * Stops a training loop on a NaN/Inf loss, before backward() and step() can write the bad values
 * into the weights, so the last checkpoint saved is the last good state. Returns the loss value.
 *
 * @example
 * const value = assertFiniteLoss(loss, { step, lastCheckpoint: 'run/ckpt.safetensors' });
 * loss.backward(); opt.step();
 */
export function assertFiniteLoss(loss: Tensor | number, where: { step?: number; epoch?: number; lastCheckpoint?: string } = {}): number {
  const v = typeof loss === 'number' ? loss : loss.item();
  if (Number.isFinite(v)) return v;
  const at = [where.epoch !== undefined ? `epoch ${where.epoch}` : '', where.step !== undefined ? `step ${where.step}` : ''].filter(Boolean).join(', ');
  const keep = where.lastCheckpoint ? ` The last good checkpoint is ${where.lastCheckpoint}; resume from it.` : '';
  throw new NonFiniteLossError(`training stopped: the loss is ${v}${at ? ` at ${at}` : ''}, before the update was applied.${keep} Lower the learning rate, clip gradients (optim.clipGradNorm) or run with detectAnomaly(true) (CLI: --detect-anomaly) to find the op that produced it.`, v, where.step);
}

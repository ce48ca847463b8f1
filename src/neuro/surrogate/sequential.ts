import { Tensor } from '../../core/tensor.js';
import { stack } from '../../core/ops/indexing.js';
import { fmt } from '../../core/shape.js';
import { ShapeError } from '../../core/errors.js';
import { defaultGenerator, type Generator } from '../../core/random.js';
import { Sequential } from '../../nn/containers.js';
import type { Module } from '../../nn/module.js';
import { requirePositiveInt } from '../validate.js';
import { Leaky } from './leaky.js';
import { bernoulliSpikes } from './rate.js';
import { fanOut, synapticEvents } from './synops.js';

type Layer = Module & { forward(x: Tensor): Tensor };

export interface SpikingRunOptions {
  /**
   * 'direct' (default): `x` is batch-first [batch, time, ...] and step t gets x[:, t].
   * 'rate': `x` is [batch, ...] with values in [0, 1], turned into Bernoulli spikes afresh each step.
   */
  encoding?: 'direct' | 'rate';
  /** Number of time steps (required for 'rate'; for 'direct' it must equal x's time dim if given). */
  steps?: number;
  /** Source of the rate-coded spikes (default: the global generator set by manualSeed). */
  generator?: Generator;
  /** Count synaptic events (nonzero inputs × fan-out) into every Linear and Conv2d layer. */
  countSynapticOps?: boolean;
}

export interface SpikingRecord {
  /** Output of the last layer at each step (0/1 spikes when it is a Leaky layer). */
  spikes: Tensor[];
  /** Membrane potential of the last layer at each step (empty unless it is a Leaky layer). */
  mems: Tensor[];
  /** Synaptic events summed over the batch and all steps (0 unless countSynapticOps). */
  synapticEvents: number;
  /** Synaptic events per synaptic layer (by index in the stack), summed over batch and steps. */
  eventsPerLayer: Map<number, number>;
}

/**
 * A stack of layers run over discrete time: Linear/Conv2d layers carry currents, Leaky layers
 * integrate and spike, and every Leaky layer's membrane persists across steps within one run
 * (reset at the start of each run). `step` advances one time step; `run` loops over T steps with
 * batch-first [batch, time, ...] inputs or rate-coded [batch, ...] inputs; `forward` returns the
 * output spikes stacked as [batch, time, ...]. State-dict keys are '0.weight', ... as in PyTorch.
 *
 * @example
 * const net = new SpikingSequential(new nn.Linear(784, 100), new Leaky({ beta: 0.95 }), new nn.Linear(100, 10), new Leaky({ beta: 0.95 }));
 * const rec = net.run(images, { encoding: 'rate', steps: 25, generator: new Generator(0) });
 * const counts = spikeCount(rec); // [batch, 10], differentiable through the surrogate
 */
export class SpikingSequential extends Sequential {
  /** Sets every Leaky layer back to rest. */
  resetState(): void {
    for (const m of this.modules()) if (m instanceof Leaky) m.resetState();
  }

  /** One time step through the stack (membranes carry over from the previous step). */
  step(x: Tensor): Tensor { return super.forward(x); }

  /** Runs the stack over time and returns the last layer's outputs per step. */
  run(x: Tensor, opts: SpikingRunOptions = {}): SpikingRecord {
    const encoding = opts.encoding ?? 'direct';
    let steps: number;
    if (encoding === 'rate') {
      if (opts.steps === undefined) throw new ShapeError('SpikingSequential.run: rate encoding needs opts.steps (the number of time steps)');
      requirePositiveInt('SpikingSequential.run', 'steps', opts.steps);
      if (x.ndim < 2) throw new ShapeError(`SpikingSequential.run: rate-coded input must be batch-first [batch, ...] with values in [0, 1], got ${fmt(x.shape)}`);
      steps = opts.steps;
    } else {
      if (x.ndim < 3) {
        throw new ShapeError(`SpikingSequential.run: direct input must be batch-first [batch, time, ...], got ${fmt(x.shape)}; for static inputs (images) use { encoding: 'rate', steps }`);
      }
      steps = x.shape[1];
      if (opts.steps !== undefined && opts.steps !== steps) throw new ShapeError(`SpikingSequential.run: opts.steps = ${opts.steps} but the input ${fmt(x.shape)} has ${steps} time steps (dim 1)`);
    }
    const gen = opts.generator ?? defaultGenerator;
    const layers = this.children() as Layer[];
    const last = layers[layers.length - 1];
    const fans = new Map<number, Float64Array | null>();
    const eventsPerLayer = new Map<number, number>();
    const rec: SpikingRecord = { spikes: [], mems: [], synapticEvents: 0, eventsPerLayer };
    this.resetState();
    for (let t = 0; t < steps; t++) {
      let h = encoding === 'rate' ? bernoulliSpikes(x, gen) : x.select(1, t);
      layers.forEach((m, i) => {
        if (opts.countSynapticOps) {
          if (!fans.has(i)) fans.set(i, fanOut(m, h.shape.slice(1)));
          const fan = fans.get(i)!;
          if (fan) {
            const ev = synapticEvents(m, h, fan);
            eventsPerLayer.set(i, (eventsPerLayer.get(i) ?? 0) + ev);
            rec.synapticEvents += ev;
          }
        }
        h = m.forward(h);
      });
      rec.spikes.push(h);
      if (last instanceof Leaky) rec.mems.push(last.mem!);
    }
    return rec;
  }

  /** Output spikes over time, [batch, time, ...] (see `run` for the input layouts). */
  override forward(x: Tensor, opts: SpikingRunOptions = {}): Tensor {
    return stack(this.run(x, opts).spikes, 1);
  }
}

/**
 * Output spike counts summed over time, [batch, ...]: the rate readout whose argmax is the class
 * and whose cross-entropy is snnTorch's `ce_count_loss`. Differentiable through the surrogates.
 * @example spikeCount(net.run(x, { encoding: 'rate', steps: 25 })).argmax(1);
 */
export function spikeCount(rec: SpikingRecord): Tensor {
  return stack(rec.spikes, 1).sum(1);
}

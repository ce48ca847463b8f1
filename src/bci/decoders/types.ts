import { Tensor } from '../../core/tensor.js';
import { ShapeError } from '../../core/errors.js';

/** A decoder that turns one bin of spike counts at a time into a velocity (closed-loop use). */
export interface StreamingDecoder {
  /** Forgets history (start of a new run). */
  reset(): void;
  /** Decodes the velocity for this bin from its spike counts (one per neuron). */
  step(counts: ArrayLike<number>): [number, number];
}

/** Training data for a velocity decoder: aligned [T, N] spike counts, [T, 2] velocity and position. */
export interface DecoderData { spikes: Tensor; velocity: Tensor; position?: Tensor }

/** Every decoder fits on binned data, decodes a whole recording, and can run bin by bin. */
export interface VelocityDecoder {
  readonly name: string;
  fit(data: DecoderData): this;
  /** [T, N] spike counts → [T, 2] velocity. */
  predict(spikes: Tensor): Tensor;
  stream(): StreamingDecoder;
}

/** Runs a streaming decoder over every row of [T, N] counts. */
export function predictByStreaming(who: string, decoder: StreamingDecoder, spikes: Tensor, numNeurons: number): Tensor {
  checkSpikes(who, spikes, numNeurons);
  const T = spikes.shape[0];
  const out = new Float32Array(T * 2);
  decoder.reset();
  for (let t = 0; t < T; t++) {
    const [vx, vy] = decoder.step(spikes.data.subarray(t * numNeurons, (t + 1) * numNeurons));
    out[t * 2] = vx; out[t * 2 + 1] = vy;
  }
  return new Tensor(out, [T, 2]);
}

/** Throws unless `spikes` is [T, numNeurons]. */
export function checkSpikes(who: string, spikes: ArrayLike<number> | Tensor, numNeurons: number): void {
  if (spikes instanceof Tensor) {
    if (spikes.ndim !== 2 || spikes.shape[1] !== numNeurons) {
      throw new ShapeError(`${who}: spikes must be [bins, ${numNeurons}] (the neurons it was fitted on), got [${spikes.shape.join(', ')}]`);
    }
  } else if (spikes.length !== numNeurons) {
    throw new ShapeError(`${who}: a bin must hold ${numNeurons} spike counts (the neurons it was fitted on), got ${spikes.length}`);
  }
}

/** Throws when a decoder is used before fit(). */
export function notFitted(who: string): never {
  throw new ShapeError(`${who}: call fit(trainData) before decoding`);
}

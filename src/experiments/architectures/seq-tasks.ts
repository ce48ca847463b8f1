import { Tensor } from '../../core/tensor.js';
import type { Generator } from '../../core/random.js';

export type SeqTask = 'reverse' | 'sort';
/** Token 10 starts every decoder input (digits are 0–9). */
export const BOS = 10;

/**
 * A batch of random digit sequences of one length L and their targets (reversed or sorted), with
 * the decoder input shifted right behind BOS (teacher forcing). One length per batch avoids padding.
 */
export function seqBatch(task: SeqTask, B: number, L: number, gen: Generator): { src: Tensor; tgtIn: Tensor; tgt: Tensor } {
  const src = new Int32Array(B * L), tgt = new Int32Array(B * L), tgtIn = new Int32Array(B * L);
  for (let b = 0; b < B; b++) {
    const s = Array.from({ length: L }, () => gen.int(0, 10));
    const t = task === 'reverse' ? [...s].reverse() : [...s].sort((a, c) => a - c);
    src.set(s, b * L); tgt.set(t, b * L);
    tgtIn[b * L] = BOS;
    for (let i = 1; i < L; i++) tgtIn[b * L + i] = t[i - 1];
  }
  return { src: new Tensor(src, [B, L]), tgtIn: new Tensor(tgtIn, [B, L]), tgt: new Tensor(tgt, [B * L]) };
}

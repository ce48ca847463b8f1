import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { broadcastShapes, fmt, sizeOf } from '../shape.js';
import { DTypeError, ShapeError, ValueError } from '../errors.js';
import { defaultGenerator, type Generator } from '../random.js';

export interface AttentionOptions {
  /** Broadcastable to [..., Tq, Tk]: uint8 (1 = masked out) or float32 (added to the scores). */
  mask?: Tensor | null;
  /** Mask out keys after each query position (j > i + Tk − Tq). */
  isCausal?: boolean;
  /** Dropout on the attention probabilities (training only). */
  dropoutP?: number;
  /** Score scale; 1/√d by default (Vaswani et al. 2017, eq. 1). */
  scale?: number;
  generator?: Generator;
}

/**
 * Scaled dot-product attention softmax(Q Kᵀ · scale + mask) V as one fused op over
 * q [..., Tq, d], k [..., Tk, d], v [..., Tk, dv]. Every product runs on the backend matmul with
 * transposed-operand flags (no transposed copies); the backward follows from P = softmax(S):
 * dV = Pᵀ dO, dP = dO Vᵀ, dS = P ∘ (dP − rowsum(dP ∘ P)), dQ = dS K · scale, dK = dSᵀ Q · scale.
 * Returns [output, probabilities, weights used] outside the graph: the softmax probabilities and
 * the weights that multiplied V (the probabilities after dropout; the same tensor without it).
 * @example scaledDotProductAttention(randn([2, 5, 8]), randn([2, 5, 8]), randn([2, 5, 8]), { isCausal: true })[0].shape; // [2, 5, 8]
 */
export function scaledDotProductAttention(q: Tensor, k: Tensor, v: Tensor, o: AttentionOptions = {}): [Tensor, Tensor, Tensor] {
  const op = 'attention';
  if (q.dtype !== 'float32' || k.dtype !== 'float32' || v.dtype !== 'float32') throw new DTypeError(`${op}: needs float32 q, k, v`);
  if (q.ndim < 2 || k.ndim !== q.ndim || v.ndim !== q.ndim) throw new ShapeError(`${op}: q, k, v need the same rank >= 2, got ${fmt(q.shape)}, ${fmt(k.shape)}, ${fmt(v.shape)}`);
  const lead = q.shape.slice(0, -2);
  const tq = q.shape[q.ndim - 2], d = q.shape[q.ndim - 1];
  const tk = k.shape[k.ndim - 2], dv = v.shape[v.ndim - 1];
  if (fmt(k.shape.slice(0, -2)) !== fmt(lead) || fmt(v.shape.slice(0, -2)) !== fmt(lead) || k.shape[k.ndim - 1] !== d || v.shape[v.ndim - 2] !== tk) {
    throw new ShapeError(`${op}: expected k [..., Tk, ${d}] and v [..., Tk, dv] with the leading dims of q ${fmt(q.shape)}, got k ${fmt(k.shape)} and v ${fmt(v.shape)}`);
  }
  const nb = sizeOf(lead);
  const scale = o.scale ?? 1 / Math.sqrt(d);
  const p = o.dropoutP ?? 0;
  if (!(p >= 0 && p < 1)) throw new ValueError(`${op}: dropoutP must be in [0, 1), got ${p}`);
  const kern = backend();
  const qd = q.data as Float32Array, kd = k.data as Float32Array, vd = v.data as Float32Array;
  const ss = tq * tk;
  const scores = new Float32Array(nb * ss);
  kern.matmulBatch(qd, kd, scores, nb, tq, d, tk, false, true, false);
  for (let i = 0; i < scores.length; i++) scores[i] *= scale;
  if (o.mask) {
    const m = o.mask;
    const full = [...lead, tq, tk];
    try { if (fmt(broadcastShapes(op, m.shape, full)) !== fmt(full)) throw new Error(); } catch {
      throw new ShapeError(`${op}: mask of shape ${fmt(m.shape)} does not broadcast to the scores ${fmt(full)}`);
    }
    const md = new (m.dtype === 'float32' ? Float32Array : Uint8Array)(scores.length);
    kern.broadcastTo(m.data, m.shape, md, full);
    if (m.dtype === 'float32') for (let i = 0; i < scores.length; i++) scores[i] += md[i];
    else for (let i = 0; i < scores.length; i++) if (md[i]) scores[i] = -Infinity;
  }
  if (o.isCausal) {
    const shift = tk - tq;
    for (let b = 0; b < nb; b++) for (let i = 0; i < tq; i++) for (let j = i + shift + 1; j < tk; j++) scores[b * ss + i * tk + j] = -Infinity;
  }
  const probs = new Float32Array(scores.length);
  kern.softmax(scores, nb * tq, tk, 1, probs, false);
  let used = probs;
  let keep: Float32Array | null = null;
  if (p > 0) {
    const gen = o.generator ?? defaultGenerator;
    keep = new Float32Array(probs.length);
    used = new Float32Array(probs.length);
    const inv = 1 / (1 - p);
    for (let i = 0; i < probs.length; i++) { keep[i] = gen.uniform() >= p ? inv : 0; used[i] = probs[i] * keep[i]; }
  }
  const out = new Float32Array(nb * tq * dv);
  kern.matmulBatch(used, vd, out, nb, tq, tk, dv, false, false, false);
  const y = fromOp(op, out, [...lead, tq, dv], [q, k, v], (g) => {
    const gd = g.data as Float32Array;
    const gq = new Float32Array(q.data.length), gk = new Float32Array(k.data.length), gv = new Float32Array(v.data.length);
    // Every head at once: each product is one batched kernel call.
    if (v.requiresGrad) kern.matmulBatch(used, gd, gv, nb, tk, tq, dv, true, false, false);
    if (q.requiresGrad || k.requiresGrad) {
      const dP = new Float32Array(nb * ss), dS = new Float32Array(nb * ss);
      kern.matmulBatch(gd, vd, dP, nb, tq, dv, tk, false, true, false);
      if (keep) for (let i = 0; i < dP.length; i++) dP[i] *= keep[i];
      kern.softmaxGrad(probs, dP, nb * tq, tk, 1, dS, false);
      for (let i = 0; i < dS.length; i++) dS[i] *= scale;
      if (q.requiresGrad) kern.matmulBatch(dS, kd, gq, nb, tq, tk, d, false, false, false);
      if (k.requiresGrad) kern.matmulBatch(dS, qd, gk, nb, tk, tq, d, true, false, false);
    }
    return [q.requiresGrad ? new Tensor(gq, q.shape) : null, k.requiresGrad ? new Tensor(gk, k.shape) : null, v.requiresGrad ? new Tensor(gv, v.shape) : null];
  });
  const pShape = [...lead, tq, tk];
  const pt = new Tensor(probs, pShape);
  return [y, pt, used === probs ? pt : new Tensor(used, pShape)];
}

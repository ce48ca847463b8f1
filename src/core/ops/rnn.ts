import { Tensor, fromOp } from '../tensor.js';
import { backend } from '../../backend/registry.js';
import { fmt } from '../shape.js';
import { ShapeError } from '../errors.js';

const sigmoid = (x: number) => 1 / (1 + Math.exp(-x));

/**
 * One LSTM step from precomputed gate pre-activations (Hochreiter & Schmidhuber 1997, with the
 * forget gate of Gers et al. 2000), in PyTorch's gate order i, f, g, o:
 * c' = σ(f)·c + σ(i)·tanh(g), h' = σ(o)·tanh(c'). pre [B, 4H] = x W_ihᵀ + b_ih + h W_hhᵀ + b_hh.
 * Two fused ops (c' then h') replace a dozen elementwise ones per time step.
 * @example const [h, c] = lstmCell(randn([2, 12]), zeros([2, 3]));
 */
export function lstmCell(pre: Tensor, cPrev: Tensor): [Tensor, Tensor] {
  const [b, h4] = pre.shape;
  const H = h4 / 4;
  if (pre.ndim !== 2 || !Number.isInteger(H) || cPrev.ndim !== 2 || cPrev.shape[0] !== b || cPrev.shape[1] !== H) {
    throw new ShapeError(`lstmCell: expected gates [B, 4H] and cell state [B, H], got ${fmt(pre.shape)} and ${fmt(cPrev.shape)}`);
  }
  const pd = pre.data, cd = cPrev.data;
  const gi = new Float32Array(b * H), gf = new Float32Array(b * H), gg = new Float32Array(b * H), go = new Float32Array(b * H);
  const c = new Float32Array(b * H), tc = new Float32Array(b * H), h = new Float32Array(b * H);
  for (let r = 0; r < b; r++) {
    const o4 = r * h4, o1 = r * H;
    for (let j = 0; j < H; j++) {
      const i = o1 + j;
      gi[i] = sigmoid(pd[o4 + j]); gf[i] = sigmoid(pd[o4 + H + j]);
      gg[i] = Math.tanh(pd[o4 + 2 * H + j]); go[i] = sigmoid(pd[o4 + 3 * H + j]);
      c[i] = gf[i] * cd[i] + gi[i] * gg[i];
      tc[i] = Math.tanh(c[i]);
      h[i] = go[i] * tc[i];
    }
  }
  const cT = fromOp('lstmCellState', c, [b, H], [pre, cPrev], (g) => {
    const gd = g.data, gp = new Float32Array(b * h4), gc = new Float32Array(b * H);
    for (let r = 0; r < b; r++) for (let j = 0; j < H; j++) {
      const i = r * H + j, o4 = r * h4;
      const gv = gd[i];
      gp[o4 + j] = gv * gg[i] * gi[i] * (1 - gi[i]);
      gp[o4 + H + j] = gv * cd[i] * gf[i] * (1 - gf[i]);
      gp[o4 + 2 * H + j] = gv * gi[i] * (1 - gg[i] * gg[i]);
      gc[i] = gv * gf[i];
    }
    return [new Tensor(gp, pre.shape), new Tensor(gc, cPrev.shape)];
  });
  const hT = fromOp('lstmHidden', h, [b, H], [pre, cT], (g) => {
    const gd = g.data, gp = new Float32Array(b * h4), gc = new Float32Array(b * H);
    for (let r = 0; r < b; r++) for (let j = 0; j < H; j++) {
      const i = r * H + j;
      gp[r * h4 + 3 * H + j] = gd[i] * tc[i] * go[i] * (1 - go[i]);
      gc[i] = gd[i] * go[i] * (1 - tc[i] * tc[i]);
    }
    return [new Tensor(gp, pre.shape), new Tensor(gc, [b, H])];
  });
  return [hT, cT];
}

/**
 * One GRU step (Cho et al. 2014) in PyTorch's form and gate order r, z, n:
 * r = σ(x_r + h_r), z = σ(x_z + h_z), n = tanh(x_n + r·h_n), h' = (1 − z)·n + z·h,
 * where xg = x W_ihᵀ + b_ih and hg = h W_hhᵀ + b_hh are [B, 3H]. One fused op.
 * @example const h = gruCell(randn([2, 9]), randn([2, 9]), zeros([2, 3]));
 */
export function gruCell(xg: Tensor, hg: Tensor, hPrev: Tensor): Tensor {
  const [b, h3] = xg.shape;
  const H = h3 / 3;
  if (xg.ndim !== 2 || !Number.isInteger(H) || fmt(hg.shape) !== fmt(xg.shape) || hPrev.ndim !== 2 || hPrev.shape[0] !== b || hPrev.shape[1] !== H) {
    throw new ShapeError(`gruCell: expected input gates and hidden gates [B, 3H] and state [B, H], got ${fmt(xg.shape)}, ${fmt(hg.shape)} and ${fmt(hPrev.shape)}`);
  }
  const xd = xg.data, hd = hg.data, pd = hPrev.data;
  const r = new Float32Array(b * H), z = new Float32Array(b * H), nn = new Float32Array(b * H), out = new Float32Array(b * H);
  for (let row = 0; row < b; row++) for (let j = 0; j < H; j++) {
    const i = row * H + j, o3 = row * h3;
    r[i] = sigmoid(xd[o3 + j] + hd[o3 + j]);
    z[i] = sigmoid(xd[o3 + H + j] + hd[o3 + H + j]);
    nn[i] = Math.tanh(xd[o3 + 2 * H + j] + r[i] * hd[o3 + 2 * H + j]);
    out[i] = (1 - z[i]) * nn[i] + z[i] * pd[i];
  }
  return fromOp('gruCell', out, [b, H], [xg, hg, hPrev], (g) => {
    const gd = g.data;
    const gx = new Float32Array(b * h3), gh = new Float32Array(b * h3), gp = new Float32Array(b * H);
    for (let row = 0; row < b; row++) for (let j = 0; j < H; j++) {
      const i = row * H + j, o3 = row * h3;
      const gv = gd[i];
      const dn = gv * (1 - z[i]) * (1 - nn[i] * nn[i]);
      const dz = gv * (pd[i] - nn[i]) * z[i] * (1 - z[i]);
      const dr = dn * hd[o3 + 2 * H + j] * r[i] * (1 - r[i]);
      gx[o3 + j] = dr; gh[o3 + j] = dr;
      gx[o3 + H + j] = dz; gh[o3 + H + j] = dz;
      gx[o3 + 2 * H + j] = dn; gh[o3 + 2 * H + j] = dn * r[i];
      gp[i] = gv * z[i];
    }
    return [new Tensor(gx, xg.shape), new Tensor(gh, hg.shape), new Tensor(gp, hPrev.shape)];
  });
}

/** The recurrences `recurrentSequence` runs: Elman (tanh or ReLU), LSTM and GRU. */
export type RecurrentMode = 'tanh' | 'relu' | 'lstm' | 'gru';
const GATE_COUNT: Record<RecurrentMode, number> = { tanh: 1, relu: 1, lstm: 4, gru: 3 };

/**
 * One direction of a recurrent layer over a whole sequence as a single fused op (what cuDNN does):
 * the time loop runs inside, and backpropagation through time runs inside the backward, so a
 * sequence of T steps records one graph node instead of a handful per step. The input part of
 * every gate is precomputed: xg [T, B, G·H] = x W_ihᵀ + b_ih (G = 4 for LSTM, 3 for GRU, 1 for
 * Elman); each step adds h W_hhᵀ + b_hh on the backend matmul, in PyTorch's gate order
 * (LSTM i, f, g, o; GRU r, z, n with n = tanh(x_n + r·(h W_hnᵀ + b_hn)), Cho et al. 2014).
 * `reverse` walks time backwards (the second direction of a bidirectional layer); outputs stay
 * indexed by time. Returns [T, B, H] hidden states, or [T, B, 2H] for LSTM with the cell state in
 * the second half of each row. The weight gradient is one matmul over all steps at the end:
 * dW_hh = Σ_t dg_tᵀ h_{t−1}.
 * @example recurrentSequence('lstm', randn([5, 2, 12]), zeros([2, 3]), zeros([2, 3]), randn([12, 3]), null, false).shape; // [5, 2, 6]
 */
export function recurrentSequence(mode: RecurrentMode, xg: Tensor, h0: Tensor, c0: Tensor | null, whh: Tensor, bhh: Tensor | null, reverse: boolean): Tensor {
  const G = GATE_COUNT[mode];
  const [T, B, GH] = xg.shape;
  const H = h0.shape[1];
  if (xg.ndim !== 3 || GH !== G * H || h0.ndim !== 2 || h0.shape[0] !== B || whh.ndim !== 2 || whh.shape[0] !== GH || whh.shape[1] !== H
    || (bhh !== null && (bhh.ndim !== 1 || bhh.shape[0] !== GH)) || (mode === 'lstm') !== (c0 !== null) || (c0 !== null && fmt(c0.shape) !== fmt(h0.shape))) {
    throw new ShapeError(`recurrentSequence(${mode}): expected xg [T, B, ${G}·H], h0 [B, H]${mode === 'lstm' ? ', c0 [B, H]' : ''}, W_hh [${G}·H, H] and b_hh [${G}·H]; got xg ${fmt(xg.shape)}, h0 ${fmt(h0.shape)}${c0 ? `, c0 ${fmt(c0.shape)}` : ''}, W_hh ${fmt(whh.shape)}${bhh ? `, b_hh ${fmt(bhh.shape)}` : ''}`);
  }
  const kern = backend();
  const xd = xg.data as Float32Array, wd = whh.data as Float32Array, bd = bhh ? bhh.data as Float32Array : null;
  const S = mode === 'lstm' ? 2 : 1, BH = B * H, BG = B * GH;
  const out = new Float32Array(T * B * S * H);
  // Saved for the backward, indexed by time: the state each step read, and the gate values.
  const hPrev = new Float32Array(T * BH);
  const gates = new Float32Array(mode === 'tanh' || mode === 'relu' ? 0 : T * BG);
  const hgN = new Float32Array(mode === 'gru' ? T * BH : 0);
  const cAll = new Float32Array(mode === 'lstm' ? T * BH : 0);
  const tcAll = new Float32Array(mode === 'lstm' ? T * BH : 0);
  const hg = new Float32Array(BG), pre = new Float32Array(BG), act = new Float32Array(BG), gBlock = new Float32Array(BH);
  let h = h0.data as Float32Array;
  let c = c0 ? c0.data as Float32Array : null;
  for (let k = 0; k < T; k++) {
    const t = reverse ? T - 1 - k : k;
    hPrev.set(h, t * BH);
    if (bd) for (let b = 0; b < B; b++) hg.set(bd, b * GH);
    kern.matmul(h, wd, hg, B, H, GH, false, true, bd !== null);
    const hNew = new Float32Array(BH);
    const xo = t * BG;
    if (mode === 'lstm') {
      // Gate nonlinearities run as whole-array backend kernels (vectorised in wasm): sigmoid over
      // all four blocks (the g block's value is unused), tanh over the g block gathered contiguously.
      const cNew = cAll.subarray(t * BH, (t + 1) * BH), tcT = tcAll.subarray(t * BH, (t + 1) * BH);
      for (let i = 0; i < BG; i++) pre[i] = xd[xo + i] + hg[i];
      for (let b = 0; b < B; b++) gBlock.set(pre.subarray(b * GH + 2 * H, b * GH + 3 * H), b * H);
      kern.unary('sigmoid', pre, act);
      kern.unary('tanh', gBlock, gBlock);
      for (let b = 0; b < B; b++) act.set(gBlock.subarray(b * H, (b + 1) * H), b * GH + 2 * H);
      gates.set(act, xo);
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
        const r = b * GH + j, i = b * H + j;
        cNew[i] = act[r + H] * c![i] + act[r] * act[r + 2 * H];
      }
      kern.unary('tanh', cNew, tcT);
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) hNew[b * H + j] = act[b * GH + 3 * H + j] * tcT[b * H + j];
      c = cNew;
    } else if (mode === 'gru') {
      for (let b = 0; b < B; b++) for (let j = 0; j < 2 * H; j++) pre[b * GH + j] = xd[xo + b * GH + j] + hg[b * GH + j];
      kern.unary('sigmoid', pre, act);
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
        const r = b * GH + j;
        hgN[t * BH + b * H + j] = hg[r + 2 * H];
        gBlock[b * H + j] = xd[xo + r + 2 * H] + act[r] * hg[r + 2 * H];
      }
      kern.unary('tanh', gBlock, gBlock);
      for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
        const r = b * GH + j, i = b * H + j;
        const zg = act[r + H], ng = gBlock[i];
        gates[xo + r] = act[r]; gates[xo + r + H] = zg; gates[xo + r + 2 * H] = ng;
        hNew[i] = (1 - zg) * ng + zg * h[i];
      }
    } else {
      for (let i = 0; i < BG; i++) pre[i] = xd[xo + i] + hg[i];
      if (mode === 'tanh') kern.unary('tanh', pre, hNew); else for (let i = 0; i < BG; i++) hNew[i] = pre[i] > 0 ? pre[i] : 0;
    }
    h = hNew;
    for (let b = 0; b < B; b++) {
      const o = (t * B + b) * S * H;
      out.set(h.subarray(b * H, (b + 1) * H), o);
      if (c) out.set(c.subarray(b * H, (b + 1) * H), o + H);
    }
  }
  const inputs = [xg, h0, ...(c0 ? [c0] : []), whh, ...(bhh ? [bhh] : [])];
  return fromOp(`${mode}Sequence`, out, [T, B, S * H], inputs, (g) => {
    const gd = g.data as Float32Array;
    // dg: gradient of the hidden-side pre-activations (h W_hhᵀ + b_hh) per step; dx: of xg.
    const dg = new Float32Array(T * BG);
    const dx = mode === 'gru' ? new Float32Array(T * BG) : dg;
    let dh = new Float32Array(BH);
    const dc = new Float32Array(mode === 'lstm' ? BH : 0);
    for (let k = T - 1; k >= 0; k--) {
      const t = reverse ? T - 1 - k : k;
      const xo = t * BG;
      for (let b = 0; b < B; b++) {
        const o = (t * B + b) * S * H;
        for (let j = 0; j < H; j++) { dh[b * H + j] += gd[o + j]; if (mode === 'lstm') dc[b * H + j] += gd[o + H + j]; }
      }
      const hp = hPrev.subarray(t * BH, (t + 1) * BH);
      const next = new Float32Array(BH);
      if (mode === 'lstm') {
        const cPrev = k === 0 ? c0!.data as Float32Array : cAll.subarray((reverse ? t + 1 : t - 1) * BH, (reverse ? t + 2 : t) * BH);
        for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
          const r = b * GH + j, i = b * H + j;
          const ig = gates[xo + r], fg = gates[xo + r + H], gg = gates[xo + r + 2 * H], og = gates[xo + r + 3 * H];
          const tc = tcAll[t * BH + i];
          const dcv = dc[i] + dh[i] * og * (1 - tc * tc);
          dg[xo + r] = dcv * gg * ig * (1 - ig);
          dg[xo + r + H] = dcv * cPrev[i] * fg * (1 - fg);
          dg[xo + r + 2 * H] = dcv * ig * (1 - gg * gg);
          dg[xo + r + 3 * H] = dh[i] * tc * og * (1 - og);
          dc[i] = dcv * fg;
        }
      } else if (mode === 'gru') {
        for (let b = 0; b < B; b++) for (let j = 0; j < H; j++) {
          const r = b * GH + j, i = b * H + j;
          const rg = gates[xo + r], zg = gates[xo + r + H], ng = gates[xo + r + 2 * H];
          const dn = dh[i] * (1 - zg) * (1 - ng * ng);
          const dz = dh[i] * (hp[i] - ng) * zg * (1 - zg);
          const dr = dn * hgN[t * BH + i] * rg * (1 - rg);
          dx[xo + r] = dr; dg[xo + r] = dr;
          dx[xo + r + H] = dz; dg[xo + r + H] = dz;
          dx[xo + r + 2 * H] = dn; dg[xo + r + 2 * H] = dn * rg;
          next[i] = dh[i] * zg;
        }
      } else {
        const hs = out.subarray(t * BH, (t + 1) * BH);
        for (let i = 0; i < BG; i++) dg[xo + i] = mode === 'tanh' ? dh[i] * (1 - hs[i] * hs[i]) : hs[i] > 0 ? dh[i] : 0;
      }
      // dh_{t−1} = dg_t W_hh (+ the direct path z·dh for GRU).
      kern.matmul(dg.subarray(xo, xo + BG), wd, next, B, GH, H, false, false, mode === 'gru');
      dh = next;
    }
    const grads: (Tensor | null)[] = [xg.requiresGrad ? new Tensor(dx, xg.shape) : null, h0.requiresGrad ? new Tensor(dh, h0.shape) : null];
    if (c0) grads.push(c0.requiresGrad ? new Tensor(dc, c0.shape) : null);
    let gw: Tensor | null = null;
    if (whh.requiresGrad) {
      const d = new Float32Array(GH * H);
      kern.matmul(dg, hPrev, d, GH, T * B, H, true, false, false);
      gw = new Tensor(d, whh.shape);
    }
    grads.push(gw);
    if (bhh) {
      let gb: Tensor | null = null;
      if (bhh.requiresGrad) { const d = new Float32Array(GH); kern.reduce('sum', dg, 1, T * B, GH, d); gb = new Tensor(d, bhh.shape); }
      grads.push(gb);
    }
    return grads;
  });
}

import { Tensor, fromOp } from '../tensor.js';
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

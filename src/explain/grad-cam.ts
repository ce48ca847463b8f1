import { Tensor } from '../core/tensor.js';
import { ShapeError, ValueError } from '../core/errors.js';
import { Module } from '../nn/module.js';
import { score, targetIndex, targetScores, type Target } from './model.js';

type Net = Module & { forward(x: Tensor): Tensor };

/**
 * Bilinear resize of one [h, w] map to [H, W] (align-corners style).
 * @example resizeBilinear([0, 1, 2, 3], 2, 2, 3, 3)[4]; // 1.5
 */
export function resizeBilinear(map: ArrayLike<number>, h: number, w: number, H: number, W: number): Float32Array {
  const out = new Float32Array(H * W);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) {
    const fy = H > 1 ? (y * (h - 1)) / (H - 1) : 0, fx = W > 1 ? (x * (w - 1)) / (W - 1) : 0;
    const y0 = Math.floor(fy), x0 = Math.floor(fx), y1 = Math.min(h - 1, y0 + 1), x1 = Math.min(w - 1, x0 + 1);
    const dy = fy - y0, dx = fx - x0;
    out[y * W + x] = (1 - dy) * ((1 - dx) * map[y0 * w + x0] + dx * map[y0 * w + x1]) + dy * ((1 - dx) * map[y1 * w + x0] + dx * map[y1 * w + x1]);
  }
  return out;
}

/**
 * Grad-CAM (Selvaraju et al. 2017, eqs. 1–2): the feature maps A of a convolutional `layer` are
 * weighted by their spatially averaged gradients αₖ = mean(∂y_c/∂Aₖ), summed and rectified,
 * L = ReLU(Σₖ αₖAₖ), then resized to the input. Returns [B, H, W] maps (unnormalised) and the
 * layer-resolution maps.
 * @example gradCam(cnn, cnn.at(3), images, labels).maps.shape; // [B, 28, 28]
 */
export function gradCam(model: Net, layer: Net, x: Tensor, target: Target): { maps: Tensor; coarse: Tensor } {
  if (x.ndim !== 4) throw new ShapeError(`gradCam: needs images [B, C, H, W], got [${x.shape.join(', ')}]`);
  if (!model.modules().includes(layer)) throw new ValueError('gradCam: `layer` is not a submodule of `model`; pass one of model.modules()');
  let captured: Tensor | null = null;
  const original = layer.forward;
  // Record the layer's output for this call only, then restore its forward.
  layer.forward = (input: Tensor) => { const out = original.call(layer, input); out.retainGrad(); captured = out; return out; };
  let scores: Tensor;
  const xi = x.detach();
  try {
    const paramsNeedGrad = model.parameters().some((p) => p.requiresGrad);
    if (!paramsNeedGrad) throw new ValueError('gradCam: the model is frozen, so no gradient reaches the feature maps; unfreeze it');
    const out = score(model, xi);
    scores = targetScores(out, targetIndex('gradCam', target, x.shape[0], out.shape[1]));
  } finally {
    layer.forward = original;
  }
  const acts = captured as Tensor | null;
  if (!acts || acts.ndim !== 4) throw new ShapeError(`gradCam: the chosen layer must output feature maps [B, K, h, w]${acts ? `, got [${acts.shape.join(', ')}]` : ' but it was never called'}`);
  model.zeroGrad();
  scores.sum().backward();
  const grad = acts.grad!;
  const [B, K, h, w] = acts.shape, H = x.shape[2], W = x.shape[3];
  const coarse = new Float32Array(B * h * w), maps = new Float32Array(B * H * W);
  for (let b = 0; b < B; b++) {
    for (let k = 0; k < K; k++) {
      let alpha = 0;
      const off = (b * K + k) * h * w;
      for (let i = 0; i < h * w; i++) alpha += grad.data[off + i] / (h * w);
      for (let i = 0; i < h * w; i++) coarse[b * h * w + i] += alpha * acts.data[off + i];
    }
    for (let i = 0; i < h * w; i++) coarse[b * h * w + i] = Math.max(0, coarse[b * h * w + i]);
    maps.set(resizeBilinear(coarse.subarray(b * h * w, (b + 1) * h * w), h, w, H, W), b * H * W);
  }
  model.zeroGrad();
  return { maps: new Tensor(maps, [B, H, W]), coarse: new Tensor(coarse, [B, h, w]) };
}

import { Tensor } from '../core/tensor.js';
import type { Generator } from '../core/random.js';
import { ValueError } from '../core/errors.js';

/** Concept names of the rendered-shapes data set, in column order. */
export const SHAPE_CONCEPTS = ['circle', 'square', 'triangle', 'large', 'left', 'top', 'filled'] as const;
/** Class names: shape × size. */
export const SHAPE_CLASSES = ['small circle', 'large circle', 'small square', 'large square', 'small triangle', 'large triangle'] as const;

/**
 * Rendered shapes with exact concept annotations, for concept bottleneck models. Each image
 * (1×size×size, values in [0, 1] plus noise) holds one circle, square or triangle, small or
 * large, in one of four quadrants, filled or outlined. Concepts: one-hot shape, large, left, top,
 * filled. The label is shape × size (6 classes), so position and fill are concepts the label does
 * not need — an intervention on them must leave the prediction alone.
 * Chosen over MNIST with label-derived concepts because here every concept is visible in the
 * pixels and independent of the others, so concept accuracy means what it says.
 * @example const d = renderShapes(new Generator(0), 500); d.concepts.shape; // [500, 7]
 */
export function renderShapes(g: Generator, n: number, size = 16, noise = 0.1): { images: Tensor; concepts: Tensor; labels: Tensor } {
  if (!Number.isInteger(n) || n <= 0 || size < 12) throw new ValueError(`renderShapes: need n > 0 and size >= 12, got ${n}, ${size}`);
  const images = new Float32Array(n * size * size), concepts = new Float32Array(n * 7), labels = new Int32Array(n);
  const half = size / 2;
  for (let k = 0; k < n; k++) {
    const shape = g.int(0, 3), large = g.int(0, 2), left = g.int(0, 2), top = g.int(0, 2), filled = g.int(0, 2);
    const r = (large ? 0.42 : 0.26) * half * (0.9 + 0.2 * g.uniform());
    const cx = (left ? 0.5 : 1.5) * half + (g.uniform() - 0.5), cy = (top ? 0.5 : 1.5) * half + (g.uniform() - 0.5);
    const off = k * size * size;
    for (let y = 0; y < size; y++) for (let x = 0; x < size; x++) {
      const dx = x + 0.5 - cx, dy = y + 0.5 - cy;
      // Signed "inside" depth: positive inside the shape, in pixels.
      let depth: number;
      if (shape === 0) depth = r - Math.hypot(dx, dy);
      else if (shape === 1) depth = r * 0.9 - Math.max(Math.abs(dx), Math.abs(dy));
      else depth = Math.min(dy + r * 0.6, (r * 0.9 - dy) * 0.5 - Math.abs(dx) * 0.85 + r * 0.15);
      const on = filled ? depth >= 0 : depth >= 0 && depth < 1.2;
      images[off + y * size + x] = Math.min(1, Math.max(0, (on ? 1 : 0) + noise * g.normal()));
    }
    concepts.set([shape === 0 ? 1 : 0, shape === 1 ? 1 : 0, shape === 2 ? 1 : 0, large, left, top, filled], k * 7);
    labels[k] = shape * 2 + large;
  }
  return { images: new Tensor(images, [n, 1, size, size]), concepts: new Tensor(concepts, [n, 7]), labels: new Tensor(labels, [n]) };
}

import { ShapeError, ValueError } from '../core/errors.js';

export interface SlicOptions {
  /** Approximate number of superpixels K. */
  numSegments?: number;
  /** Weight of spatial against value distance, as a fraction of the image's value range (higher = squarer segments). */
  compactness?: number;
  iterations?: number;
}

/**
 * SLIC superpixels (Achanta et al. 2012): k-means over (value, y, x) with each centre searching
 * only a 2S×2S window, S = √(N/K); distance D² = d_value² + (d_xy/S)²·m². Disconnected fragments
 * smaller than a quarter segment are merged into a neighbour so every label is one connected region.
 * `image` is [H, W] (one channel) or [C, H, W], row-major. Returns labels 0..L−1 per pixel.
 * @example const { labels, count } = slic(pixels, 1, 28, 28, { numSegments: 25 });
 */
export function slic(image: ArrayLike<number>, channels: number, H: number, W: number, opts: SlicOptions = {}): { labels: Int32Array; count: number } {
  if (image.length !== channels * H * W) throw new ShapeError(`slic: ${image.length} values do not make a ${channels}×${H}×${W} image`);
  const K = opts.numSegments ?? 25, iters = opts.iterations ?? 10;
  if (!Number.isInteger(K) || K < 1) throw new ValueError(`slic: numSegments must be a positive integer, got ${K}`);
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < image.length; i++) { lo = Math.min(lo, image[i]); hi = Math.max(hi, image[i]); }
  const m = (opts.compactness ?? 0.3) * (hi - lo || 1);
  const N = H * W, S = Math.max(1, Math.sqrt(N / K));
  const px = (c: number, i: number) => image[c * N + i];
  // Centres on a regular grid: [y, x, values...].
  const centres: number[][] = [];
  for (let y = S / 2; y < H; y += S) for (let x = S / 2; x < W; x += S) {
    const i = Math.floor(y) * W + Math.floor(x);
    centres.push([Math.floor(y), Math.floor(x), ...Array.from({ length: channels }, (_, c) => px(c, i))]);
  }
  const labels = new Int32Array(N).fill(-1), dist = new Float64Array(N);
  for (let it = 0; it < iters; it++) {
    dist.fill(Infinity);
    centres.forEach((ctr, k) => {
      const [cy, cx] = ctr;
      for (let y = Math.max(0, Math.floor(cy - S)); y < Math.min(H, Math.ceil(cy + S + 1)); y++) {
        for (let x = Math.max(0, Math.floor(cx - S)); x < Math.min(W, Math.ceil(cx + S + 1)); x++) {
          const i = y * W + x;
          let dc = 0;
          for (let c = 0; c < channels; c++) dc += (px(c, i) - ctr[2 + c]) ** 2;
          const ds = ((y - cy) ** 2 + (x - cx) ** 2) / (S * S);
          const d = dc + ds * m * m;
          if (d < dist[i]) { dist[i] = d; labels[i] = k; }
        }
      }
    });
    const acc = centres.map(() => new Float64Array(3 + channels));
    for (let i = 0; i < N; i++) {
      const k = labels[i];
      if (k < 0) continue;
      const a = acc[k];
      a[0] += Math.floor(i / W); a[1] += i % W;
      for (let c = 0; c < channels; c++) a[2 + c] += px(c, i);
      a[2 + channels]++;
    }
    centres.forEach((ctr, k) => {
      const a = acc[k], n = a[2 + channels];
      if (n) for (let j = 0; j < 2 + channels; j++) ctr[j] = a[j] / n;
    });
  }
  return connect(labels, H, W, Math.max(1, Math.floor(N / centres.length / 4)));
}

/** Relabels connected components 0..L−1, merging those under `minSize` into the previous adjacent region. */
function connect(labels: Int32Array, H: number, W: number, minSize: number): { labels: Int32Array; count: number } {
  const N = H * W, out = new Int32Array(N).fill(-1);
  let next = 0;
  const queue = new Int32Array(N);
  for (let start = 0; start < N; start++) {
    if (out[start] >= 0) continue;
    // Label of an already-relabelled neighbour, used if this component is too small.
    let adjacent = -1;
    for (const j of neighbours(start, H, W)) if (out[j] >= 0) { adjacent = out[j]; break; }
    let head = 0, tail = 0;
    queue[tail++] = start; out[start] = next;
    while (head < tail) {
      const i = queue[head++];
      for (const j of neighbours(i, H, W)) if (out[j] < 0 && labels[j] === labels[start]) { out[j] = next; queue[tail++] = j; }
    }
    if (tail < minSize && adjacent >= 0) for (let q = 0; q < tail; q++) out[queue[q]] = adjacent;
    else next++;
  }
  return { labels: out, count: next };
}

function neighbours(i: number, H: number, W: number): number[] {
  const y = Math.floor(i / W), x = i % W, out: number[] = [];
  if (x > 0) out.push(i - 1);
  if (y > 0) out.push(i - W);
  if (x < W - 1) out.push(i + 1);
  if (y < H - 1) out.push(i + W);
  return out;
}

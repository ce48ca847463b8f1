import { ShapeError } from '../core/errors.js';

/**
 * Ranks 1..n with ties given their average rank.
 * @example ranks([10, 30, 20, 20]); // [1, 4, 2.5, 2.5]
 */
export function ranks(a: ArrayLike<number>): Float64Array {
  const idx = Array.from({ length: a.length }, (_, i) => i).sort((i, j) => a[i] - a[j]);
  const r = new Float64Array(a.length);
  for (let s = 0; s < idx.length;) {
    let e = s;
    while (e + 1 < idx.length && a[idx[e + 1]] === a[idx[s]]) e++;
    for (let k = s; k <= e; k++) r[idx[k]] = (s + e) / 2 + 1;
    s = e + 1;
  }
  return r;
}

/**
 * Spearman rank correlation: the Pearson correlation of the ranks (ties averaged).
 * @example spearman([1, 2, 3], [10, 20, 25]); // 1
 */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ShapeError(`spearman: lengths ${a.length} and ${b.length} differ`);
  const ra = ranks(a), rb = ranks(b), n = a.length;
  let ma = 0, mb = 0;
  for (let i = 0; i < n; i++) { ma += ra[i] / n; mb += rb[i] / n; }
  let sab = 0, saa = 0, sbb = 0;
  for (let i = 0; i < n; i++) { const x = ra[i] - ma, y = rb[i] - mb; sab += x * y; saa += x * x; sbb += y * y; }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/**
 * Structural similarity (Wang et al. 2004) of two [H, W] maps with uniform 7×7 windows, sample
 * covariances and C₁ = (0.01L)², C₂ = (0.03L)² (scikit-image's defaults), averaged over windows.
 * Maps are compared as given; `dataRange` L defaults to the larger of the two value ranges.
 * @example ssim(map, map, 28, 28); // 1
 */
export function ssim(a: ArrayLike<number>, b: ArrayLike<number>, H: number, W: number, opts: { window?: number; dataRange?: number } = {}): number {
  if (a.length !== H * W || b.length !== H * W) throw new ShapeError(`ssim: both maps must have ${H}×${W} = ${H * W} values, got ${a.length} and ${b.length}`);
  const win = Math.min(opts.window ?? 7, H, W), np = win * win;
  const range = (x: ArrayLike<number>) => { let lo = Infinity, hi = -Infinity; for (let i = 0; i < x.length; i++) { lo = Math.min(lo, x[i]); hi = Math.max(hi, x[i]); } return hi - lo; };
  const L = opts.dataRange ?? (Math.max(range(a), range(b)) || 1);
  const c1 = (0.01 * L) ** 2, c2 = (0.03 * L) ** 2;
  let total = 0, count = 0;
  for (let y = 0; y + win <= H; y++) for (let x = 0; x + win <= W; x++) {
    let ma = 0, mb = 0;
    for (let dy = 0; dy < win; dy++) for (let dx = 0; dx < win; dx++) { const i = (y + dy) * W + x + dx; ma += a[i]; mb += b[i]; }
    ma /= np; mb /= np;
    let va = 0, vb = 0, cov = 0;
    for (let dy = 0; dy < win; dy++) for (let dx = 0; dx < win; dx++) {
      const i = (y + dy) * W + x + dx, p = a[i] - ma, q = b[i] - mb;
      va += p * p; vb += q * q; cov += p * q;
    }
    va /= np - 1; vb /= np - 1; cov /= np - 1;
    total += ((2 * ma * mb + c1) * (2 * cov + c2)) / ((ma * ma + mb * mb + c1) * (va + vb + c2));
    count++;
  }
  return total / count;
}

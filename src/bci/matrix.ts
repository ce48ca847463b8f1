import { ShapeError, ValueError } from '../core/errors.js';

/**
 * A small dense float64 matrix (row-major). Closed-form decoders (Wiener, Kalman, tuning fits)
 * solve normal equations whose conditioning float32 would spoil, so they work here in doubles.
 *
 * @example
 * const a = Mat.from([[2, 0], [0, 4]]);
 * a.inverse().toArrays(); // [[0.5, 0], [0, 0.25]]
 */
export class Mat {
  constructor(readonly rows: number, readonly cols: number, readonly data: Float64Array = new Float64Array(rows * cols)) {
    if (data.length !== rows * cols) throw new ShapeError(`Mat: ${data.length} values cannot fill ${rows}×${cols}`);
  }

  static from(rows: number[][]): Mat {
    const r = rows.length, c = r ? rows[0].length : 0;
    const m = new Mat(r, c);
    rows.forEach((row, i) => {
      if (row.length !== c) throw new ShapeError(`Mat.from: row ${i} has ${row.length} entries, expected ${c}`);
      row.forEach((v, j) => { m.data[i * c + j] = v; });
    });
    return m;
  }

  static identity(n: number, scale = 1): Mat {
    const m = new Mat(n, n);
    for (let i = 0; i < n; i++) m.data[i * n + i] = scale;
    return m;
  }

  /** Wraps a row-major typed array of `rows × cols` values (copied into doubles). */
  static fromArray(data: ArrayLike<number>, rows: number, cols: number): Mat {
    if (data.length !== rows * cols) throw new ShapeError(`Mat.fromArray: ${data.length} values cannot fill ${rows}×${cols}`);
    return new Mat(rows, cols, Float64Array.from(data));
  }

  get(i: number, j: number): number { return this.data[i * this.cols + j]; }
  set(i: number, j: number, v: number): void { this.data[i * this.cols + j] = v; }
  toArrays(): number[][] {
    return Array.from({ length: this.rows }, (_, i) => Array.from(this.data.subarray(i * this.cols, (i + 1) * this.cols)));
  }
  clone(): Mat { return new Mat(this.rows, this.cols, this.data.slice()); }

  transpose(): Mat {
    const t = new Mat(this.cols, this.rows);
    for (let i = 0; i < this.rows; i++) for (let j = 0; j < this.cols; j++) t.data[j * this.rows + i] = this.data[i * this.cols + j];
    return t;
  }

  matmul(b: Mat): Mat {
    if (this.cols !== b.rows) throw new ShapeError(`Mat.matmul: cannot multiply ${this.rows}×${this.cols} by ${b.rows}×${b.cols}`);
    const out = new Mat(this.rows, b.cols);
    const n = b.cols;
    for (let i = 0; i < this.rows; i++) {
      const oo = i * n;
      for (let p = 0; p < this.cols; p++) {
        const a = this.data[i * this.cols + p];
        if (a === 0) continue;
        const bo = p * n;
        for (let j = 0; j < n; j++) out.data[oo + j] += a * b.data[bo + j];
      }
    }
    return out;
  }

  /** Aᵀ·B without forming the transpose (the Gram products of least squares). */
  tmatmul(b: Mat): Mat {
    if (this.rows !== b.rows) throw new ShapeError(`Mat.tmatmul: Aᵀ·B needs equal row counts, got ${this.rows} and ${b.rows}`);
    const out = new Mat(this.cols, b.cols);
    const n = b.cols;
    for (let r = 0; r < this.rows; r++) {
      const ar = r * this.cols, br = r * n;
      for (let i = 0; i < this.cols; i++) {
        const a = this.data[ar + i];
        if (a === 0) continue;
        const oo = i * n;
        for (let j = 0; j < n; j++) out.data[oo + j] += a * b.data[br + j];
      }
    }
    return out;
  }

  add(b: Mat, alpha = 1): Mat {
    this.sameShape('add', b);
    const out = this.clone();
    for (let i = 0; i < out.data.length; i++) out.data[i] += alpha * b.data[i];
    return out;
  }
  sub(b: Mat): Mat { return this.add(b, -1); }
  scale(s: number): Mat {
    const out = this.clone();
    for (let i = 0; i < out.data.length; i++) out.data[i] *= s;
    return out;
  }

  /** Solves A·X = B by Gaussian elimination with partial pivoting. */
  solve(b: Mat): Mat {
    if (this.rows !== this.cols) throw new ShapeError(`Mat.solve: A must be square, got ${this.rows}×${this.cols}`);
    if (b.rows !== this.rows) throw new ShapeError(`Mat.solve: B has ${b.rows} rows but A is ${this.rows}×${this.cols}`);
    const n = this.rows, m = b.cols;
    const a = this.data.slice(), x = b.data.slice();
    let scaleMax = 0;
    for (const v of a) scaleMax = Math.max(scaleMax, Math.abs(v));
    for (let c = 0; c < n; c++) {
      let piv = c;
      for (let r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
      if (Math.abs(a[piv * n + c]) <= 1e-13 * Math.max(scaleMax, 1e-300)) {
        throw new ValueError(`Mat.solve: the ${n}×${n} matrix is singular (pivot ${c} is ~0); add a ridge penalty or remove collinear columns`);
      }
      if (piv !== c) {
        for (let j = 0; j < n; j++) { const t = a[c * n + j]; a[c * n + j] = a[piv * n + j]; a[piv * n + j] = t; }
        for (let j = 0; j < m; j++) { const t = x[c * m + j]; x[c * m + j] = x[piv * m + j]; x[piv * m + j] = t; }
      }
      const d = a[c * n + c];
      for (let r = c + 1; r < n; r++) {
        const f = a[r * n + c] / d;
        if (f === 0) continue;
        for (let j = c; j < n; j++) a[r * n + j] -= f * a[c * n + j];
        for (let j = 0; j < m; j++) x[r * m + j] -= f * x[c * m + j];
      }
    }
    for (let c = n - 1; c >= 0; c--) {
      const d = a[c * n + c];
      for (let j = 0; j < m; j++) {
        let s = x[c * m + j];
        for (let k = c + 1; k < n; k++) s -= a[c * n + k] * x[k * m + j];
        x[c * m + j] = s / d;
      }
    }
    return new Mat(n, m, x);
  }

  inverse(): Mat { return this.solve(Mat.identity(this.rows)); }

  private sameShape(op: string, b: Mat): void {
    if (this.rows !== b.rows || this.cols !== b.cols) throw new ShapeError(`Mat.${op}: shapes ${this.rows}×${this.cols} and ${b.rows}×${b.cols} differ`);
  }
}

/**
 * Ridge regression W = (XᵀX + λD)⁻¹XᵀY, with D the identity except for columns listed in
 * `unpenalised` (an intercept column should not be shrunk). λ = 0 gives ordinary least squares.
 * @example ridge(X, Y, 1e-3, [0]) // W has X.cols rows and Y.cols columns
 */
export function ridge(x: Mat, y: Mat, lambda: number, unpenalised: number[] = []): Mat {
  if (x.rows !== y.rows) throw new ShapeError(`ridge: X has ${x.rows} rows (samples) but Y has ${y.rows}; they must be aligned`);
  if (!(lambda >= 0)) throw new ValueError(`ridge: lambda must be >= 0, got ${lambda}`);
  const g = x.tmatmul(x);
  for (let i = 0; i < g.rows; i++) if (!unpenalised.includes(i)) g.data[i * g.cols + i] += lambda;
  return g.solve(x.tmatmul(y));
}

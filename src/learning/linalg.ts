import { ShapeError, ValueError } from '../core/errors.js';

/**
 * Small dense linear algebra on row-major Float64Arrays, for the sizes local learning rules need
 * (pattern overlap matrices, covariance eigenvectors): a few hundred rows at most.
 */

/**
 * Solves A X = B for X by Gaussian elimination with partial pivoting. A is n×n, B is n×m.
 * @example solve(Float64Array.of(2, 0, 0, 4), Float64Array.of(2, 4), 2, 1); // [1, 1]
 */
export function solve(a: ArrayLike<number>, b: ArrayLike<number>, n: number, m: number): Float64Array {
  if (a.length !== n * n) throw new ShapeError(`solve: A has ${a.length} entries, expected ${n}×${n}`);
  if (b.length !== n * m) throw new ShapeError(`solve: B has ${b.length} entries, expected ${n}×${m}`);
  const A = Float64Array.from(a), X = Float64Array.from(b);
  for (let c = 0; c < n; c++) {
    let piv = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(A[r * n + c]) > Math.abs(A[piv * n + c])) piv = r;
    if (Math.abs(A[piv * n + c]) < 1e-12) {
      throw new ValueError(`solve: the ${n}×${n} matrix is singular (pivot ${c} is ~0); the patterns or vectors are linearly dependent`);
    }
    if (piv !== c) { swapRows(A, n, c, piv); swapRows(X, m, c, piv); }
    const inv = 1 / A[c * n + c];
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = A[r * n + c] * inv;
      if (f === 0) continue;
      for (let k = c; k < n; k++) A[r * n + k] -= f * A[c * n + k];
      for (let k = 0; k < m; k++) X[r * m + k] -= f * X[c * m + k];
    }
  }
  for (let r = 0; r < n; r++) { const inv = 1 / A[r * n + r]; for (let k = 0; k < m; k++) X[r * m + k] *= inv; }
  return X;
}

function swapRows(M: Float64Array, cols: number, i: number, j: number): void {
  for (let k = 0; k < cols; k++) { const t = M[i * cols + k]; M[i * cols + k] = M[j * cols + k]; M[j * cols + k] = t; }
}

/**
 * Eigen-decomposition of a symmetric n×n matrix by cyclic Jacobi rotations (Golub & Van Loan §8.5).
 * Returns eigenvalues in descending order and the matching unit eigenvectors as rows.
 * @example symmetricEigen(Float64Array.of(2, 0, 0, 1), 2).values; // [2, 1]
 */
export function symmetricEigen(a: ArrayLike<number>, n: number, maxSweeps = 100): { values: Float64Array; vectors: Float64Array } {
  if (a.length !== n * n) throw new ShapeError(`symmetricEigen: matrix has ${a.length} entries, expected ${n}×${n}`);
  const A = Float64Array.from(a);
  const V = new Float64Array(n * n);
  for (let i = 0; i < n; i++) V[i * n + i] = 1;
  for (let sweep = 0; sweep < maxSweeps; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += A[p * n + q] ** 2;
    if (off < 1e-22) break;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) {
      const apq = A[p * n + q];
      if (Math.abs(apq) < 1e-300) continue;
      const theta = (A[q * n + q] - A[p * n + p]) / (2 * apq);
      const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
      const c = 1 / Math.sqrt(t * t + 1), s = t * c;
      for (let k = 0; k < n; k++) {
        const akp = A[k * n + p], akq = A[k * n + q];
        A[k * n + p] = c * akp - s * akq; A[k * n + q] = s * akp + c * akq;
      }
      for (let k = 0; k < n; k++) {
        const apk = A[p * n + k], aqk = A[q * n + k];
        A[p * n + k] = c * apk - s * aqk; A[q * n + k] = s * apk + c * aqk;
      }
      for (let k = 0; k < n; k++) {
        const vkp = V[k * n + p], vkq = V[k * n + q];
        V[k * n + p] = c * vkp - s * vkq; V[k * n + q] = s * vkp + c * vkq;
      }
    }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => A[j * n + j] - A[i * n + i]);
  const values = new Float64Array(n), vectors = new Float64Array(n * n);
  order.forEach((src, dst) => {
    values[dst] = A[src * n + src];
    for (let k = 0; k < n; k++) vectors[dst * n + k] = V[k * n + src];
  });
  return { values, vectors };
}

/** |cos| of the angle between two vectors (sign-free, as principal components have no sign). */
export function absCosine(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  return na && nb ? Math.abs(d) / Math.sqrt(na * nb) : 0;
}

/**
 * Angle in degrees between two flattened vectors (0° = same direction, 90° = orthogonal).
 * @example angleDegrees([1, 0], [0, 1]); // 90
 */
export function angleDegrees(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new ShapeError(`angleDegrees: vectors have ${a.length} and ${b.length} entries`);
  let d = 0, na = 0, nb = 0;
  for (let i = 0; i < a.length; i++) { d += a[i] * b[i]; na += a[i] * a[i]; nb += b[i] * b[i]; }
  if (na === 0 || nb === 0) return 90;
  return (Math.acos(Math.max(-1, Math.min(1, d / Math.sqrt(na * nb)))) * 180) / Math.PI;
}

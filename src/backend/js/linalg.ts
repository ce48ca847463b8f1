/** Reference matmul: out (m×n) = op(A)·op(B), accumulated in double precision per output row. */
export function matmul(a: Float32Array, b: Float32Array, out: Float32Array, m: number, k: number, n: number,
  transA: boolean, transB: boolean, accumulate: boolean): void {
  const row = new Float64Array(n);
  for (let i = 0; i < m; i++) {
    row.fill(0);
    if (!transB) {
      for (let p = 0; p < k; p++) {
        const av = transA ? a[p * m + i] : a[i * k + p];
        if (av === 0) continue;
        const bo = p * n;
        for (let j = 0; j < n; j++) row[j] += av * b[bo + j];
      }
    } else {
      for (let j = 0; j < n; j++) {
        let s = 0;
        const bo = j * k;
        if (transA) for (let p = 0; p < k; p++) s += a[p * m + i] * b[bo + p];
        else { const ao = i * k; for (let p = 0; p < k; p++) s += a[ao + p] * b[bo + p]; }
        row[j] = s;
      }
    }
    const oo = i * n;
    if (accumulate) for (let j = 0; j < n; j++) out[oo + j] += row[j];
    else for (let j = 0; j < n; j++) out[oo + j] = row[j];
  }
}

/** Reference batched matmul: one matmul per batch item on subarray views. */
export function matmulBatch(a: Float32Array, b: Float32Array, out: Float32Array, batch: number, m: number, k: number, n: number,
  transA: boolean, transB: boolean, accumulate: boolean): void {
  for (let i = 0; i < batch; i++) {
    matmul(a.subarray(i * m * k, (i + 1) * m * k), b.subarray(i * k * n, (i + 1) * k * n), out.subarray(i * m * n, (i + 1) * m * n),
      m, k, n, transA, transB, accumulate);
  }
}

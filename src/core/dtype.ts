/** Element types a Tensor can hold. `uint8` doubles as bool (masks, spikes, comparison results). */
export type DType = 'float32' | 'int32' | 'uint8';
export type TypedArray = Float32Array | Int32Array | Uint8Array;

export const DTYPES: readonly DType[] = ['float32', 'int32', 'uint8'];

export function allocate(dtype: DType, size: number): TypedArray {
  switch (dtype) {
    case 'float32': return new Float32Array(size);
    case 'int32': return new Int32Array(size);
    case 'uint8': return new Uint8Array(size);
  }
}

export function dtypeOfArray(a: TypedArray): DType {
  if (a instanceof Float32Array) return 'float32';
  if (a instanceof Int32Array) return 'int32';
  return 'uint8';
}

const RANK: Record<DType, number> = { uint8: 0, int32: 1, float32: 2 };
/** Result type of mixing two dtypes in arithmetic, as in PyTorch's promotion for these three. */
export function promote(a: DType, b: DType): DType {
  return RANK[a] >= RANK[b] ? a : b;
}

export function bytesPerElement(dtype: DType): number {
  return dtype === 'float32' || dtype === 'int32' ? 4 : 1;
}

/** Copies `src` into a new array of `dtype`, converting values (floats truncate toward zero when made integer). */
export function castArray(src: TypedArray, dtype: DType): TypedArray {
  const out = allocate(dtype, src.length);
  if (dtype === 'float32' || dtypeOfArray(src) !== 'float32') {
    out.set(src as ArrayLike<number>);
  } else {
    for (let i = 0; i < src.length; i++) out[i] = Math.trunc(src[i]);
  }
  return out;
}

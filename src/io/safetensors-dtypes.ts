import type { DType, TypedArray } from '../core/dtype.js';

/**
 * The safetensors dtype codes we read, their element sizes and the Tensor dtype each becomes.
 * We write only F32, I32 and U8 (our three dtypes); the wider and narrower PyTorch types are
 * read and converted: floats to float32, integers to int32 (checked: a value that does not fit
 * is an error, never a silent wrap), BOOL to uint8.
 */
export interface DtypeCodec {
  readonly bytes: number;
  readonly target: DType;
  /**
   * Decodes `n` little-endian elements starting at byte `off` of `view` into `out`.
   * Returns the index of the first element that does not fit `target`, or -1.
   */
  decode(view: DataView, off: number, n: number, out: TypedArray): number;
}

const LITTLE_ENDIAN_HOST = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;
export const isLittleEndianHost = (): boolean => LITTLE_ENDIAN_HOST;

/** IEEE 754 binary16 to number (subnormals, infinities and NaN included). */
export function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exp = (h >> 10) & 0x1f;
  const frac = h & 0x3ff;
  if (exp === 0) return sign * frac * 2 ** -24;
  if (exp === 31) return frac ? NaN : sign * Infinity;
  return sign * (1 + frac / 1024) * 2 ** (exp - 15);
}

const bf16Scratch = new DataView(new ArrayBuffer(4));
/** bfloat16 is the top half of a float32, so widening is a 16-bit shift. */
function bf16ToFloat(b: number): number {
  bf16Scratch.setUint32(0, b << 16);
  return bf16Scratch.getFloat32(0);
}

const INT32_MIN = -(2 ** 31), INT32_MAX = 2 ** 31 - 1;

function loop(get: (v: DataView, o: number) => number, bytes: number, check: boolean) {
  return (view: DataView, off: number, n: number, out: TypedArray): number => {
    for (let i = 0; i < n; i++) {
      const v = get(view, off + i * bytes);
      if (check && (v < INT32_MIN || v > INT32_MAX)) return i;
      out[i] = v;
    }
    return -1;
  };
}

/** 64-bit integers read as exact doubles would lose precision past 2^53; range-check via the two 32-bit halves instead. */
function int64(signed: boolean) {
  return (view: DataView, off: number, n: number, out: TypedArray): number => {
    for (let i = 0; i < n; i++) {
      const lo = view.getUint32(off + i * 8, true);
      const hi = signed ? view.getInt32(off + i * 8 + 4, true) : view.getUint32(off + i * 8 + 4, true);
      const fits = (hi === 0 && lo <= INT32_MAX) || (signed && hi === -1 && lo > INT32_MAX);
      if (!fits) return i;
      out[i] = lo | 0;
    }
    return -1;
  };
}

/** Reads the 64-bit integer at element `i` exactly (for error messages). */
export function int64At(view: DataView, off: number, i: number, signed: boolean): bigint {
  return signed ? view.getBigInt64(off + i * 8, true) : view.getBigUint64(off + i * 8, true);
}

export const CODECS: Readonly<Record<string, DtypeCodec>> = {
  F32: { bytes: 4, target: 'float32', decode: loop((v, o) => v.getFloat32(o, true), 4, false) },
  F64: { bytes: 8, target: 'float32', decode: loop((v, o) => v.getFloat64(o, true), 8, false) },
  F16: { bytes: 2, target: 'float32', decode: loop((v, o) => halfToFloat(v.getUint16(o, true)), 2, false) },
  BF16: { bytes: 2, target: 'float32', decode: loop((v, o) => bf16ToFloat(v.getUint16(o, true)), 2, false) },
  I32: { bytes: 4, target: 'int32', decode: loop((v, o) => v.getInt32(o, true), 4, false) },
  I16: { bytes: 2, target: 'int32', decode: loop((v, o) => v.getInt16(o, true), 2, false) },
  I8: { bytes: 1, target: 'int32', decode: loop((v, o) => v.getInt8(o), 1, false) },
  U16: { bytes: 2, target: 'int32', decode: loop((v, o) => v.getUint16(o, true), 2, false) },
  U32: { bytes: 4, target: 'int32', decode: loop((v, o) => v.getUint32(o, true), 4, true) },
  I64: { bytes: 8, target: 'int32', decode: int64(true) },
  U64: { bytes: 8, target: 'int32', decode: int64(false) },
  U8: { bytes: 1, target: 'uint8', decode: loop((v, o) => v.getUint8(o), 1, false) },
  BOOL: { bytes: 1, target: 'uint8', decode: loop((v, o) => (v.getUint8(o) ? 1 : 0), 1, false) },
};

/** The code we write for each Tensor dtype. */
export const WRITE_CODE: Readonly<Record<DType, string>> = { float32: 'F32', int32: 'I32', uint8: 'U8' };

/**
 * Order of tensors in the byte buffer when writing: larger dtypes first, then by name. This is the
 * order the reference `safetensors` serializer uses, so the same state dict gives the same bytes.
 */
export const WRITE_RANK: Readonly<Record<string, number>> = { F32: 2, I32: 1, U8: 0 };

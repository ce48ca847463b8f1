import { sizeOf, type Shape } from '../../core/shape.js';

/** How a smaller operand repeats over `outShape`, in the forms the wasm binary kernel runs. */
export interface BroadcastForm {
  /** 1: the operand is a row repeated for every row; 2: one value per row, repeated along it. */
  mode: 1 | 2;
  outer: number;
  inner: number;
}

function stripLeadingOnes(s: Shape): Shape {
  let i = 0;
  while (i < s.length && s[i] === 1) i++;
  return s.slice(i);
}

function isSuffix(small: Shape, big: Shape): boolean {
  if (small.length > big.length) return false;
  const off = big.length - small.length;
  for (let i = 0; i < small.length; i++) if (small[i] !== big[off + i]) return false;
  return true;
}

/**
 * Recognises the common broadcasts: a scalar, a trailing block such as a bias row ([n] against
 * [batch, n]), and one value per row ([batch, 1] against [batch, n]). Returns null otherwise.
 * @example classifyBroadcast([1, 4], [3, 4]); // { mode: 1, outer: 3, inner: 4 }
 */
export function classifyBroadcast(shape: Shape, outShape: Shape): BroadcastForm | null {
  const n = sizeOf(outShape);
  const size = sizeOf(shape);
  if (size === 0 || n === 0) return null;
  if (size === 1) return { mode: 2, outer: 1, inner: n };
  const s = stripLeadingOnes(shape);
  if (isSuffix(s, outShape)) return { mode: 1, outer: n / size, inner: size };
  const last = outShape[outShape.length - 1];
  if (s[s.length - 1] === 1 && size * last === n && isSuffix(s.slice(0, -1), outShape.slice(0, -1))) {
    return { mode: 2, outer: size, inner: last };
  }
  return null;
}

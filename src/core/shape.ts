import { ShapeError, RangeError_ } from './errors.js';

export type Shape = readonly number[];

export function sizeOf(shape: Shape): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

export function fmt(shape: Shape): string {
  return `[${shape.join(', ')}]`;
}

export function stridesOf(shape: Shape): number[] {
  const s = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) { s[i] = acc; acc *= shape[i]; }
  return s;
}

export function sameShape(a: Shape, b: Shape): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** NumPy broadcasting: align from the right; sizes must match or be 1. */
export function broadcastShapes(op: string, a: Shape, b: Shape): number[] {
  const n = Math.max(a.length, b.length);
  const out = new Array<number>(n);
  for (let i = 0; i < n; i++) {
    const da = a[a.length - n + i] ?? 1;
    const db = b[b.length - n + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) {
      throw new ShapeError(`${op}: cannot broadcast ${fmt(a)} with ${fmt(b)}: dimension ${i - n} has sizes ${da} and ${db}; sizes must match or be 1`);
    }
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/** Resolves a possibly negative dim against a rank, with an error naming the op. */
export function normDim(op: string, dim: number, rank: number): number {
  const r = Math.max(rank, 1);
  if (!Number.isInteger(dim) || dim < -r || dim >= r) {
    throw new RangeError_(`${op}: dim ${dim} is out of range for a tensor of rank ${rank} (expected ${-r} to ${r - 1})`);
  }
  return dim < 0 ? dim + r : dim;
}

export function normDims(op: string, dims: number | readonly number[] | undefined, rank: number): number[] {
  if (dims === undefined) return Array.from({ length: rank }, (_, i) => i);
  const list = typeof dims === 'number' ? [dims] : [...dims];
  const out = list.map((d) => normDim(op, d, rank));
  // A 0-d tensor accepts dim 0 / -1 (as PyTorch) but has no axis to reduce: the op is the identity.
  if (rank === 0) return [];
  if (new Set(out).size !== out.length) throw new ShapeError(`${op}: dims ${fmt(list)} repeat a dimension`);
  return out.sort((x, y) => x - y);
}

export function checkShapeArg(op: string, shape: Shape): void {
  for (const d of shape) {
    if (!Number.isInteger(d) || d < 0) throw new ShapeError(`${op}: shape ${fmt(shape)} must hold non-negative integers`);
  }
}

import { Tensor } from '../core/tensor.js';
import { FormatError, ValueError } from '../core/errors.js';
import type { JsonValue } from './strict-json.js';

/**
 * Splits a tree of plain objects, arrays, numbers, strings, booleans, null, Tensors and typed
 * arrays into (1) a JSON-safe skeleton and (2) a flat name → Tensor map, so the tree can live in a
 * safetensors file: tensors in the byte buffer, the skeleton in `__metadata__`.
 *
 * In the skeleton a tensor is `{"$tensor": name}`, a typed array `{"$typed": name}`, a Float64Array
 * (no tensor dtype holds it) `{"$float64": name}` over a uint8 tensor of its bytes, and a number
 * JSON cannot hold (NaN, ±Infinity, -0) `{"$number": "NaN"}`. Object keys that start with `$` get
 * one more `$` so user data can never be mistaken for a tag. Tensor names are the dotted path
 * (`model.fc1.weight`, `optimizer.state.0.exp_avg`), as PyTorch names nested state.
 */
export function packTree(root: unknown): { skeleton: JsonValue; tensors: Record<string, Tensor> } {
  const tensors: Record<string, Tensor> = {};
  const seen = new Set<object>();
  const add = (path: string[], t: Tensor): string => {
    const name = path.join('.');
    if (Object.prototype.hasOwnProperty.call(tensors, name)) {
      throw new ValueError(`checkpoint: two tensors would both be stored as '${name}'; rename one of the keys so dotted paths are unique`);
    }
    Object.defineProperty(tensors, name, { value: t, enumerable: true, writable: true, configurable: true });
    return name;
  };
  const walk = (v: unknown, path: string[]): JsonValue => {
    const where = path.join('.') || '(root)';
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') {
      if (Number.isNaN(v) || !Number.isFinite(v) || Object.is(v, -0)) return { $number: Object.is(v, -0) ? '-0' : String(v) };
      return v;
    }
    if (v instanceof Tensor) return { $tensor: add(path, v.detach()) };
    if (v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) {
      return { $typed: add(path, new Tensor(v.slice(), [v.length])) };
    }
    if (v instanceof Float64Array) {
      return { $float64: add(path, new Tensor(new Uint8Array(v.buffer, v.byteOffset, v.byteLength).slice(), [v.byteLength])) };
    }
    if (typeof v !== 'object' || v === undefined) {
      throw new ValueError(`checkpoint: '${where}' is ${v === undefined ? 'undefined' : `a ${typeof v}`}; a checkpoint stores numbers, strings, booleans, null, arrays, plain objects, Tensors and Float32/Float64/Int32/Uint8 arrays`);
    }
    if (seen.has(v)) throw new ValueError(`checkpoint: '${where}' refers back to an object that contains it; checkpoints store trees, not cycles`);
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((x, i) => walk(x, [...path, String(i)]));
      const proto = Object.getPrototypeOf(v);
      if (proto !== Object.prototype && proto !== null) {
        throw new ValueError(`checkpoint: '${where}' is a ${proto?.constructor?.name ?? 'class instance'}; store its stateDict() or a plain object instead`);
      }
      const out: { [k: string]: JsonValue } = {};
      for (const [k, x] of Object.entries(v)) {
        if (x === undefined) continue; // as JSON.stringify
        Object.defineProperty(out, k.startsWith('$') ? `$${k}` : k, { value: walk(x, [...path, k]), enumerable: true, writable: true, configurable: true });
      }
      return out;
    } finally { seen.delete(v); }
  };
  return { skeleton: walk(root, []), tensors };
}

/**
 * Inverse of packTree. Every tag must name a tensor that exists and every tensor must be used
 * exactly once, so a file cannot smuggle in data that is silently ignored or shared.
 */
export function unpackTree(skeleton: JsonValue, tensors: Record<string, Tensor>, source: string): unknown {
  const used = new Set<string>();
  const bad = (where: string, what: string): never => {
    throw new FormatError(`${source}: checkpoint entry '${where || '(root)'}' ${what}; the checkpoint is corrupt or was not written by saveCheckpoint, use an earlier checkpoint`);
  };
  const take = (name: JsonValue, where: string): Tensor => {
    if (typeof name !== 'string' || !Object.prototype.hasOwnProperty.call(tensors, name)) return bad(where, `refers to tensor ${JSON.stringify(name)}, which is not in the file`);
    if (used.has(name)) return bad(where, `refers to tensor '${name}' a second time`);
    used.add(name);
    return tensors[name];
  };
  const walk = (v: JsonValue, where: string): unknown => {
    if (v === null || typeof v !== 'object') return v;
    if (Array.isArray(v)) return v.map((x, i) => walk(x, `${where}.${i}`));
    const keys = Object.keys(v);
    if (keys.length === 1 && /^\$[a-z]/.test(keys[0])) {
      const tag = keys[0], arg = v[tag];
      if (tag === '$tensor') return take(arg, where);
      if (tag === '$typed') return take(arg, where).data;
      if (tag === '$float64') {
        const t = take(arg, where);
        if (t.dtype !== 'uint8' || t.ndim !== 1 || t.data.length % 8 !== 0) return bad(where, `is a $float64 whose tensor is not a whole number of float64 bytes (uint8 [8n])`);
        return new Float64Array((t.data as Uint8Array).slice().buffer);
      }
      if (tag === '$number') {
        const num = arg === 'NaN' ? NaN : arg === 'Infinity' ? Infinity : arg === '-Infinity' ? -Infinity : arg === '-0' ? -0 : undefined;
        return num === undefined ? bad(where, `has an invalid $number ${JSON.stringify(arg)}`) : num;
      }
      return bad(where, `has an unknown tag '${tag}'`);
    }
    const out: Record<string, unknown> = {};
    for (const k of keys) {
      if (/^\$[a-z]/.test(k)) bad(where, `mixes the tag '${k}' with other keys`);
      const key = k.startsWith('$$') ? k.slice(1) : k;
      Object.defineProperty(out, key, { value: walk(v[k], where ? `${where}.${key}` : key), enumerable: true, writable: true, configurable: true });
    }
    return out;
  };
  const tree = walk(skeleton, '');
  const unused = Object.keys(tensors).filter((n) => !used.has(n));
  if (unused.length) bad('', `has tensors no entry refers to: ${unused.slice(0, 5).join(', ')}${unused.length > 5 ? ` and ${unused.length - 5} more` : ''}`);
  return tree;
}

import { Tensor } from '../core/tensor.js';
import { allocate } from '../core/dtype.js';
import { FormatError, ValueError } from '../core/errors.js';
import { fmt } from '../core/shape.js';
import { parseStrictJson, JsonSyntaxError, type JsonValue } from './strict-json.js';
import { CODECS, WRITE_CODE, WRITE_RANK, int64At, isLittleEndianHost } from './safetensors-dtypes.js';

/**
 * safetensors (Hugging Face): an 8-byte little-endian header length N, N bytes of UTF-8 JSON
 * `{name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__"?: {string: string}}`,
 * then the tensor bytes, little-endian, row-major. Nothing in the file is ever executed: the
 * header is data, validated field by field before a single tensor is allocated.
 */

/** Largest header accepted, as the reference implementation (a real header is a few KB per 100 tensors). */
export const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsFile {
  tensors: Record<string, Tensor>;
  /** The free-form `__metadata__` string map (empty when absent). */
  metadata: Record<string, string>;
}

export interface ParseOptions {
  /** Name used in error messages (the file path when loading from disk). */
  source?: string;
}

interface Entry { name: string; code: string; shape: number[]; begin: number; end: number }

/**
 * Parses safetensors bytes into tensors. Works in Node and browsers (no file system needed).
 * Every inconsistency (header too long or beyond the file, non-object JSON, duplicate names,
 * unknown dtypes, bad shapes, offsets out of range, overlapping, leaving gaps or not matching
 * shape × dtype size, trailing bytes) raises a FormatError naming the source, the tensor and the fix.
 *
 * @example
 * const bytes = serializeSafetensors({ w: tensor([1, 2, 3]) });
 * parseSafetensors(bytes).tensors.w.toArray(); // [1, 2, 3]
 */
export function parseSafetensors(bytes: Uint8Array, opts: ParseOptions = {}): SafetensorsFile {
  const src = opts.source ?? 'safetensors data';
  const bad = (what: string, fix: string): never => { throw new FormatError(`${src}: ${what}; ${fix}`); };
  const notSafetensors = 'is this a safetensors file? Re-export it with safetensors.torch.save_file or io.saveSafetensors';

  if (bytes.length < 8) bad(`file has ${bytes.length} bytes, fewer than the 8-byte header length`, notSafetensors);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const lenLo = view.getUint32(0, true), lenHi = view.getUint32(4, true);
  const headerLen = lenHi * 2 ** 32 + lenLo;
  if (lenHi !== 0 || headerLen > MAX_HEADER_BYTES) bad(`header length ${lenHi ? `${lenHi}·2^32 + ${lenLo}` : headerLen} bytes exceeds the ${MAX_HEADER_BYTES}-byte limit`, notSafetensors);
  if (8 + headerLen > bytes.length) bad(`header length ${headerLen} bytes runs past the end of the ${bytes.length}-byte file (truncated?)`, 'the file is incomplete; copy or download it again');

  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(8, 8 + headerLen)); }
  catch { return bad('header is not valid UTF-8', notSafetensors); }
  if (!text.startsWith('{')) bad(`header does not start with '{' (starts with ${JSON.stringify(text.slice(0, 16))})`, notSafetensors);
  let header: JsonValue;
  try { header = parseStrictJson(text); }
  catch (e) {
    if (e instanceof JsonSyntaxError) return bad(`header is not valid JSON: ${e.message}`, e.reason.startsWith('duplicate key') ? 'each tensor name may appear once; rename or drop the duplicate when exporting' : notSafetensors);
    throw e;
  }
  if (!isObject(header)) return bad('header JSON is not an object', notSafetensors);

  const metadata: Record<string, string> = {};
  const entries: Entry[] = [];
  for (const [name, info] of Object.entries(header)) {
    if (name === '__metadata__') {
      if (!isObject(info)) bad('__metadata__ is not an object of strings', 'metadata must map strings to strings');
      for (const [k, v] of Object.entries(info as Record<string, JsonValue>)) {
        if (typeof v !== 'string') bad(`__metadata__["${k}"] is ${typeOf(v)}, not a string`, 'metadata must map strings to strings (encode other values as JSON text)');
        Object.defineProperty(metadata, k, { value: v, enumerable: true, writable: true, configurable: true });
      }
      continue;
    }
    entries.push(readEntry(name, info, bad));
  }

  // Tensors must tile the byte buffer exactly: sorted by offset, each starts where the previous
  // ended and the last ends at the end of the file. This rejects overlaps (two names aliasing the
  // same bytes), gaps and trailing garbage in one rule, as the reference implementation does.
  const dataLen = bytes.length - 8 - headerLen;
  const sorted = [...entries].sort((a, b) => a.begin - b.begin || a.end - b.end);
  let at = 0;
  for (const e of sorted) {
    if (e.end > dataLen) bad(`tensor '${e.name}' has data_offsets [${e.begin}, ${e.end}] beyond the ${dataLen}-byte data section (truncated?)`, 'the file is incomplete; copy or download it again');
    if (e.begin < at) bad(`tensor '${e.name}' bytes [${e.begin}, ${e.end}] overlap the previous tensor, which ends at ${at}`, 'each tensor needs its own bytes; re-export the file');
    if (e.begin > at) bad(`gap of ${e.begin - at} bytes before tensor '${e.name}' (offset ${at} to ${e.begin} is not covered by any tensor)`, 're-export the file');
    at = e.end;
  }
  if (at !== dataLen) bad(`${dataLen - at} trailing bytes after the last tensor (data section is ${dataLen} bytes, tensors cover ${at})`, 'the file was modified or appended to; re-export it');

  const tensors: Record<string, Tensor> = {};
  for (const e of entries) {
    Object.defineProperty(tensors, e.name, { value: decode(e, bytes, view, 8 + headerLen, src), enumerable: true, writable: true, configurable: true });
  }
  return { tensors, metadata };
}

function readEntry(name: string, info: JsonValue, bad: (what: string, fix: string) => never): Entry {
  const reexport = 're-export the tensor from PyTorch';
  if (!isObject(info)) return bad(`tensor '${name}' entry is ${typeOf(info)}, not an object {dtype, shape, data_offsets}`, reexport);
  for (const k of Object.keys(info)) {
    if (k !== 'dtype' && k !== 'shape' && k !== 'data_offsets') bad(`tensor '${name}' has an unknown field '${k}'`, 'entries hold only dtype, shape and data_offsets');
  }
  const { dtype, shape, data_offsets: offs } = info as Record<string, JsonValue>;
  if (typeof dtype !== 'string' || !(Object.prototype.hasOwnProperty.call(CODECS, dtype))) {
    bad(`tensor '${name}' has unknown dtype ${JSON.stringify(dtype)}`, `supported: ${Object.keys(CODECS).join(', ')}; convert it in PyTorch, e.g. t.float()`);
  }
  if (!Array.isArray(shape) || !shape.every((d) => typeof d === 'number' && Number.isSafeInteger(d) && d >= 0)) {
    bad(`tensor '${name}' has shape ${JSON.stringify(shape)}; a shape is a list of non-negative integers`, reexport);
  }
  if (!Array.isArray(offs) || offs.length !== 2 || !offs.every((o) => typeof o === 'number' && Number.isSafeInteger(o) && o >= 0) || (offs[0] as number) > (offs[1] as number)) {
    bad(`tensor '${name}' has data_offsets ${JSON.stringify(offs)}; expected [begin, end] with 0 <= begin <= end`, reexport);
  }
  const dims = shape as number[];
  const [begin, end] = offs as number[];
  const size = CODECS[dtype as string].bytes;
  // Multiply stepwise so a shape like [2^40, 2^40] is caught before it loses precision.
  let numel = 1;
  for (const d of dims) {
    numel *= d;
    if (numel * size > Number.MAX_SAFE_INTEGER) bad(`tensor '${name}' shape ${fmt(dims)} is too large to address`, reexport);
  }
  if (numel * size !== end - begin) {
    bad(`tensor '${name}': shape ${fmt(dims)} × ${dtype} (${size} bytes) needs ${numel * size} bytes but data_offsets [${begin}, ${end}] span ${end - begin}`, reexport);
  }
  return { name, code: dtype as string, shape: dims, begin, end };
}

/** Reads one validated entry; `dataStart` is the data section's offset within `bytes`. */
function decode(e: Entry, bytes: Uint8Array, view: DataView, dataStart: number, src: string): Tensor {
  const codec = CODECS[e.code];
  const n = (e.end - e.begin) / codec.bytes;
  const off = dataStart + e.begin;
  // Fast path: our own dtypes on a little-endian host are a byte copy.
  if (isLittleEndianHost() && (e.code === 'F32' || e.code === 'I32' || e.code === 'U8')) {
    // Explicit copy: Node's Buffer.slice returns a view, and a view would keep the whole file alive.
    const copy = new Uint8Array(e.end - e.begin);
    copy.set(bytes.subarray(off, off + copy.length));
    const arr = e.code === 'F32' ? new Float32Array(copy.buffer) : e.code === 'I32' ? new Int32Array(copy.buffer) : copy;
    return new Tensor(arr, e.shape);
  }
  const out = allocate(codec.target, n);
  const badAt = codec.decode(view, off, n, out);
  if (badAt >= 0) {
    const value = e.code === 'I64' || e.code === 'U64' ? int64At(view, off, badAt, e.code === 'I64').toString() : String(view.getUint32(off + badAt * 4, true));
    throw new FormatError(`${src}: tensor '${e.name}' (${e.code}) element ${badAt} is ${value}, which does not fit int32; int64 is read as int32 here. Convert it in PyTorch (t.to(torch.int32) if values are indices, or t.double() for large counts) and save again`);
  }
  return new Tensor(out, e.shape);
}

export interface SerializeOptions {
  /** Free-form string metadata stored in `__metadata__`. */
  metadata?: Record<string, string>;
}

/**
 * Encodes a state dict as safetensors bytes. Layout follows the reference serializer exactly
 * (tensors ordered by dtype width then name, compact JSON, header padded with spaces to 8 bytes),
 * so the same tensors give byte-identical files.
 *
 * @example
 * const bytes = serializeSafetensors(model.stateDict(), { metadata: { format: 'pt' } });
 */
export function serializeSafetensors(dict: Record<string, Tensor>, opts: SerializeOptions = {}): Uint8Array {
  const names = Object.keys(dict);
  for (const name of names) {
    const t = dict[name];
    if (!(t instanceof Tensor)) throw new ValueError(`serializeSafetensors: '${name}' is ${typeOf(t as never)}, not a Tensor; a state dict maps names to tensors`);
    if (name === '__metadata__') throw new ValueError("serializeSafetensors: '__metadata__' is reserved for metadata; rename that tensor");
  }
  const meta = opts.metadata;
  if (meta) for (const [k, v] of Object.entries(meta)) {
    if (typeof v !== 'string') throw new ValueError(`serializeSafetensors: metadata '${k}' is ${typeOf(v as never)}; metadata values must be strings (JSON.stringify other values)`);
  }
  const order = names.map((n) => ({ name: n, t: dict[n], code: WRITE_CODE[dict[n].dtype] }))
    .sort((a, b) => WRITE_RANK[b.code] - WRITE_RANK[a.code] || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));

  const header: Record<string, unknown> = {};
  if (meta && Object.keys(meta).length) header.__metadata__ = meta;
  let offset = 0;
  for (const { name, t, code } of order) {
    const n = t.data.byteLength;
    Object.defineProperty(header, name, { value: { dtype: code, shape: [...t.shape], data_offsets: [offset, offset + n] }, enumerable: true });
    offset += n;
  }
  const json = new TextEncoder().encode(JSON.stringify(header));
  const pad = (8 - (json.length % 8)) % 8;
  const headerLen = json.length + pad;
  if (headerLen > MAX_HEADER_BYTES) throw new ValueError(`serializeSafetensors: header would be ${headerLen} bytes, above the ${MAX_HEADER_BYTES}-byte limit readers accept; split the state dict`);

  const out = new Uint8Array(8 + headerLen + offset);
  const view = new DataView(out.buffer);
  view.setUint32(0, headerLen, true);
  out.set(json, 8);
  out.fill(0x20, 8 + json.length, 8 + headerLen);
  let at = 8 + headerLen;
  for (const { t, code } of order) {
    if (isLittleEndianHost() || code === 'U8') out.set(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength), at);
    else for (let i = 0; i < t.data.length; i++) {
      if (code === 'F32') view.setFloat32(at + 4 * i, t.data[i], true); else view.setInt32(at + 4 * i, t.data[i], true);
    }
    at += t.data.byteLength;
  }
  return out;
}

function isObject(v: JsonValue | undefined): v is { [k: string]: JsonValue } {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function typeOf(v: JsonValue | undefined): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'an array';
  return `a ${typeof v}`;
}

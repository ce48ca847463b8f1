/**
 * Property-based checks over every parser of untrusted bytes (safetensors, checkpoints, IDX,
 * the strict JSON reader). One list serves both the test suite (a few hundred cases each) and
 * `npm run fuzz` (many more): each property says "for every generated input, the parser either
 * returns well-formed data or throws FormatError — never another exception, a hang, or an
 * allocation beyond what the file size implies".
 */
import fc from 'fast-check';
import assert from 'node:assert/strict';
import { Tensor } from '../../src/core/tensor.js';
import { FormatError } from '../../src/core/errors.js';
import { parseSafetensors, serializeSafetensors } from '../../src/io/safetensors.js';
import { parseCheckpoint, serializeCheckpoint } from '../../src/io/checkpoint.js';
import { parseStrictJson, JsonSyntaxError } from '../../src/io/strict-json.js';
import { parseIdx } from '../../src/data/idx.js';
import { mnistFromIdx } from '../../src/data/mnist.js';

export interface NamedProperty { name: string; property: () => fc.IProperty<never> | fc.IProperty<unknown[]> }

// ---------- generators ----------

const DTYPES = ['float32', 'int32', 'uint8'] as const;
const ALL_CODES = ['F32', 'F64', 'F16', 'BF16', 'I64', 'I32', 'I16', 'I8', 'U8', 'U16', 'U32', 'U64', 'BOOL'];

/** Fills a typed array with arbitrary bit patterns (NaN payloads, infinities, denormals included). */
function randomTensor(dtype: typeof DTYPES[number], shape: number[], seed: number): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  const bytes = new Uint8Array(n * (dtype === 'uint8' ? 1 : 4));
  let s = seed >>> 0 || 1;
  for (let i = 0; i < bytes.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; bytes[i] = s >>> 24; }
  const data = dtype === 'float32' ? new Float32Array(bytes.buffer) : dtype === 'int32' ? new Int32Array(bytes.buffer) : bytes;
  return new Tensor(data, shape);
}

const tensorName = fc.string({ minLength: 0, maxLength: 10 }).filter((s) => s !== '__metadata__');

const stateDict = fc.dictionary(tensorName, fc.record({
  dtype: fc.constantFrom(...DTYPES),
  shape: fc.array(fc.integer({ min: 0, max: 4 }), { maxLength: 3 }),
  seed: fc.integer(),
}), { maxKeys: 6 }).map((specs) => {
  const out: Record<string, Tensor> = {};
  for (const [k, s] of Object.entries(specs)) Object.defineProperty(out, k, { value: randomTensor(s.dtype, s.shape, s.seed), enumerable: true });
  return out;
});

const metadata = fc.option(fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 12 }), { maxKeys: 3 }), { nil: undefined });

type Mutation = { kind: 'flip'; at: number; bit: number } | { kind: 'set'; at: number; byte: number } | { kind: 'truncate'; at: number }
  | { kind: 'append'; bytes: Uint8Array } | { kind: 'length'; delta: number } | { kind: 'splice'; at: number; text: string };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.integer({ min: 0, max: 7 }) }),
  fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('append' as const), bytes: fc.uint8Array({ maxLength: 16 }) }),
  fc.record({ kind: fc.constant('length' as const), delta: fc.oneof(fc.integer({ min: -16, max: 16 }), fc.constantFrom(2 ** 31, 2 ** 32, 2 ** 53 - 1, 1e8 + 1)) }),
  fc.record({ kind: fc.constant('splice' as const), at: fc.nat(), text: fc.constantFrom('"', '{', '}', ',', '[', ']', '-1', '1e400', '"F32"', '"Q8"', '"x":1', '\\u0000', ' ') }),
);

/** Applies mutations to a copy of `src` (positions are taken modulo the current length). */
export function mutate(src: Uint8Array, ms: Mutation[]): Uint8Array {
  let b = Uint8Array.from(src);
  for (const m of ms) {
    const at = b.length ? m.kind === 'append' || m.kind === 'length' ? 0 : m.at % b.length : 0;
    if (m.kind === 'flip' && b.length) b[at] ^= 1 << m.bit;
    else if (m.kind === 'set' && b.length) b[at] = m.byte;
    else if (m.kind === 'truncate') b = b.slice(0, at);
    else if (m.kind === 'append') { const c = new Uint8Array(b.length + m.bytes.length); c.set(b); c.set(m.bytes, b.length); b = c; }
    else if (m.kind === 'length' && b.length >= 8) {
      const v = new DataView(b.buffer);
      const n = Math.max(0, Number(v.getBigUint64(0, true)) + m.delta);
      v.setBigUint64(0, BigInt(Math.min(n, 2 ** 53 - 1)), true);
    } else if (m.kind === 'splice') {
      const t = new TextEncoder().encode(m.text);
      const c = new Uint8Array(b.length + t.length);
      c.set(b.subarray(0, at)); c.set(t, at); c.set(b.subarray(at), at + t.length);
      b = c;
    }
  }
  return b;
}

/** Runs `parse`; only success or a FormatError is acceptable. Returns the result or null. */
function formatErrorOr<T>(parse: () => T): T | null {
  try { return parse(); } catch (e) {
    if (e instanceof FormatError) return null;
    throw new Error(`expected a FormatError, got ${(e as Error)?.name}: ${(e as Error)?.message}`);
  }
}

/** Allocation bound: no decoded tensor set may hold more than 4 bytes per input byte (I8/BOOL widen 4×, F16/BF16 2×). */
function checkAllocation(tensors: Record<string, Tensor>, inputBytes: number): void {
  let total = 0;
  for (const t of Object.values(tensors)) { assert.equal(t.data.length, t.shape.reduce((a, b) => a * b, 1)); total += t.data.byteLength; }
  assert.ok(total <= 4 * inputBytes, `decoded ${total} bytes from a ${inputBytes}-byte file`);
}

const sameBits = (a: Tensor, b: Tensor) => a.dtype === b.dtype && a.shape.join() === b.shape.join()
  && Buffer.from(a.data.buffer, a.data.byteOffset, a.data.byteLength).equals(Buffer.from(b.data.buffer, b.data.byteOffset, b.data.byteLength));

// Forged headers: arbitrary entries, valid-looking or not, with a data section of arbitrary length.
const jsonNumberish = fc.oneof(fc.integer({ min: -2, max: 80 }), fc.constantFrom(1.5, -0, 1e300, 2 ** 53, 2 ** 64, '3', null, true));
const forgedEntry = fc.record({
  dtype: fc.oneof(fc.constantFrom(...ALL_CODES), fc.string({ maxLength: 4 }), fc.constant(7)),
  shape: fc.oneof(fc.array(jsonNumberish, { maxLength: 4 }), fc.constant('[2]'), fc.constant(null)),
  data_offsets: fc.oneof(fc.tuple(jsonNumberish, jsonNumberish), fc.array(fc.nat(80), { maxLength: 3 })),
}, { requiredKeys: [] });
const forgedHeader = fc.record({
  entries: fc.array(fc.tuple(fc.constantFrom('a', 'b', 'c', '__metadata__', '__proto__', 'constructor'), fc.oneof(forgedEntry, fc.jsonValue({ maxDepth: 2 }))), { maxLength: 5 }),
  dataLen: fc.nat(96),
  lengthDelta: fc.oneof(fc.constant(0), fc.integer({ min: -4, max: 4 })),
});

function assemble(entries: [string, unknown][], dataLen: number, lengthDelta: number): Uint8Array {
  // Written as raw text so duplicate names reach the parser (an object literal would merge them).
  const text = '{' + entries.map(([k, v]) => `${JSON.stringify(k)}:${JSON.stringify(v) ?? 'null'}`).join(',') + '}';
  const h = new TextEncoder().encode(text);
  const out = new Uint8Array(8 + h.length + dataLen);
  new DataView(out.buffer).setBigUint64(0, BigInt(Math.max(0, h.length + lengthDelta)), true);
  out.set(h, 8);
  for (let i = 8 + h.length; i < out.length; i++) out[i] = i * 37;
  return out;
}

/** A checkpoint with every section filled, as a base for mutations. */
function sampleCheckpoint(seed: number): Uint8Array {
  return serializeCheckpoint({
    model: { 'fc.weight': randomTensor('float32', [3, 2], seed), 'fc.bias': randomTensor('float32', [3], seed + 1) },
    optimizer: { state: { 0: { step: 3, expAvg: new Float32Array(6).fill(0.5) } }, paramGroups: [{ lr: 0.01, betas: [0.9, 0.999], params: [0, 1] }] },
    scheduler: { lastEpoch: 2, best: Infinity },
    rng: { s: [1, 2, 3, seed >>> 0], spare: null },
    epoch: 1, step: 3,
    extra: { loader: { epoch: 1, batch: 2, order: [2, 0, 1] } },
  });
}

// IDX files: magic 0 0 0x08 rank, big-endian uint32 dims, unsigned bytes.
const idxSpec = fc.record({ dims: fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 4 }), seed: fc.integer() });
function buildIdx(dims: number[], seed: number, typeCode = 0x08): Uint8Array {
  const n = dims.reduce((a, b) => a * b, 1);
  const out = new Uint8Array(4 + 4 * dims.length + n);
  out[2] = typeCode; out[3] = dims.length;
  const v = new DataView(out.buffer);
  dims.forEach((d, i) => v.setUint32(4 + 4 * i, d, false));
  let s = seed >>> 0;
  for (let i = 4 + 4 * dims.length; i < out.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; out[i] = s >>> 24; }
  return out;
}

// ---------- the properties ----------

export const properties: NamedProperty[] = [
  {
    name: 'safetensors: serialize → parse returns the same names, dtypes, shapes and bits; re-serializing is byte-identical',
    property: () => fc.property(stateDict, metadata, (sd, meta) => {
      const bytes = serializeSafetensors(sd, { metadata: meta });
      const back = parseSafetensors(bytes);
      assert.deepEqual(Object.keys(back.tensors).sort(), Object.keys(sd).sort());
      for (const k of Object.keys(sd)) assert.ok(sameBits(back.tensors[k], sd[k]), `tensor ${JSON.stringify(k)} differs`);
      assert.deepEqual(back.metadata, { ...meta });
      assert.ok(Buffer.from(serializeSafetensors(back.tensors, { metadata: back.metadata })).equals(Buffer.from(bytes)));
    }),
  },
  {
    name: 'safetensors: randomly corrupted files (bit flips, overwrites, truncation, appended bytes, wrong header length, spliced JSON) load or raise FormatError',
    property: () => fc.property(stateDict, fc.array(mutation, { minLength: 1, maxLength: 4 }), (sd, ms) => {
      const bytes = mutate(serializeSafetensors(sd), ms);
      const got = formatErrorOr(() => parseSafetensors(bytes));
      if (got) checkAllocation(got.tensors, bytes.length);
    }),
  },
  {
    name: 'safetensors: forged headers (unknown dtypes, bad shapes and offsets, duplicates, __proto__, wrong lengths) load or raise FormatError',
    property: () => fc.property(forgedHeader, ({ entries, dataLen, lengthDelta }) => {
      const bytes = assemble(entries, dataLen, lengthDelta);
      const got = formatErrorOr(() => parseSafetensors(bytes));
      if (got) {
        checkAllocation(got.tensors, bytes.length);
        assert.equal(Object.getPrototypeOf(got.tensors), Object.prototype);
        assert.equal(Object.getPrototypeOf(got.metadata), Object.prototype);
      }
    }),
  },
  {
    name: 'strict JSON: agrees with JSON.parse on valid JSON, rejects what JSON.parse rejects',
    property: () => fc.property(fc.oneof(
      fc.jsonValue().map((v) => JSON.stringify(v, null, 1)),
      fc.string({ unit: fc.constantFrom('{', '}', '[', ']', '"', ':', ',', '1', '0', 'e', '-', '+', '.', 't', 'r', 'u', 'e', 'n', 'l', ' ', '\\', 'a', '\n', 'é') , maxLength: 24 }),
    ), (text) => {
      let ref: unknown, refOk = true;
      try { ref = JSON.parse(text); } catch { refOk = false; }
      let got: unknown;
      try { got = parseStrictJson(text); } catch (e) {
        if (!(e instanceof JsonSyntaxError)) throw e;
        // Stricter than JSON.parse only on duplicate keys and depth.
        if (refOk) assert.match(e.reason, /duplicate key|nesting deeper/);
        return;
      }
      assert.ok(refOk, `accepted text JSON.parse rejects: ${JSON.stringify(text)}`);
      assert.deepEqual(got, ref);
    }),
  },
  {
    name: 'checkpoint: randomly corrupted checkpoint files load or raise FormatError',
    property: () => fc.property(fc.integer(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, ms) => {
      const bytes = mutate(sampleCheckpoint(seed), ms);
      formatErrorOr(() => parseCheckpoint(bytes));
    }),
  },
  {
    name: 'checkpoint: corrupted state JSON inside a well-formed safetensors file loads or raises FormatError',
    property: () => fc.property(fc.integer(), fc.array(mutation, { minLength: 1, maxLength: 3 }), (seed, ms) => {
      const file = parseSafetensors(sampleCheckpoint(seed));
      const state = new TextDecoder().decode(mutate(new TextEncoder().encode(file.metadata.state), ms.filter((m) => m.kind !== 'length')));
      formatErrorOr(() => parseCheckpoint(serializeSafetensors(file.tensors, { metadata: { ...file.metadata, state } })));
    }),
  },
  {
    name: 'checkpoint: arbitrary extra data (JSON, NaN, ±Infinity, -0, $-keys, typed arrays) round-trips exactly',
    property: () => fc.property(fc.jsonValue({ maxDepth: 3 }), fc.constantFrom(NaN, Infinity, -Infinity, -0, 0.1), fc.float32Array({ maxLength: 5 }), (json, special, arr) => {
      const extra = { json, special, arr, $tag: { $tensor: 'not a tensor' } };
      const back = parseCheckpoint(serializeCheckpoint({ model: {}, epoch: 0, step: 0, extra })).extra as typeof extra;
      assert.deepEqual(back.json, json);
      assert.ok(Object.is(back.special, special));
      assert.ok(Buffer.from(back.arr.buffer, back.arr.byteOffset, back.arr.byteLength).equals(Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength)));
      assert.deepEqual(back.$tag, { $tensor: 'not a tensor' });
    }),
  },
  {
    name: 'IDX: valid files parse exactly; bad magic, wrong type or rank, wrong counts and truncation raise FormatError',
    property: () => fc.property(idxSpec, fc.array(mutation, { maxLength: 3 }), ({ dims, seed }, ms) => {
      const good = buildIdx(dims, seed);
      const ok = parseIdx(good, 'x.idx');
      assert.deepEqual(ok.dims, dims);
      assert.ok(Buffer.from(ok.data).equals(Buffer.from(good.subarray(4 + 4 * dims.length))));
      const bad = mutate(good, ms.filter((m) => m.kind !== 'length'));
      const got = formatErrorOr(() => parseIdx(bad, 'x.idx'));
      if (got) {
        assert.equal(got.data.length, got.dims.reduce((a, b) => a * b, 1));
        assert.equal(bad.length, 4 + 4 * got.dims.length + got.data.length);
      }
    }),
  },
  {
    name: 'IDX: MNIST image/label pairs with mismatched counts, wrong image size, labels > 9 or corruption raise FormatError',
    property: () => fc.property(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(28, 27), fc.integer(), fc.array(mutation, { maxLength: 2 }), (nImg, nLab, side, seed, ms) => {
      const images = mutate(buildIdx([nImg, side, side], seed), ms.filter((m) => m.kind !== 'length'));
      const labels = buildIdx([nLab], seed + 1);
      const got = formatErrorOr(() => mnistFromIdx(images, labels, { flatten: true }));
      if (got) {
        assert.equal(got.images.shape[0], got.labels.shape[0]);
        assert.equal(got.images.shape[1], 784);
        for (const v of got.labels.data) assert.ok(v >= 0 && v <= 9);
      }
    }),
  },
];

/** Runs every property `numRuns` times; returns the number of generated cases per property. */
export function runProperties(numRuns: number, seed?: number, log?: (line: string) => void): { name: string; runs: number; ms: number }[] {
  return properties.map(({ name, property }) => {
    const t0 = performance.now();
    fc.assert(property() as fc.IProperty<unknown[]>, { numRuns, seed, endOnFailure: true });
    const r = { name, runs: numRuns, ms: performance.now() - t0 };
    log?.(`${String(r.runs).padStart(7)} cases  ${(r.ms / 1000).toFixed(1).padStart(6)} s  ${name}`);
    return r;
  });
}

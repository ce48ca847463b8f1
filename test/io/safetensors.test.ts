import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, mkdtempSync, rmSync, readdirSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { tensor, zeros, FormatError, ValueError, Tensor } from '../../src/core/index.js';
import { Sequential } from '../../src/nn/containers.js';
import { Linear } from '../../src/nn/linear.js';
import { ReLU } from '../../src/nn/activation.js';
import { parseSafetensors, serializeSafetensors, saveSafetensors, loadSafetensors, readSafetensorsFile } from '../../src/io/index.js';
import { halfToFloat } from '../../src/io/safetensors-dtypes.js';
import { assertClose } from '../helpers.js';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/safetensors/', import.meta.url));
const fixture = (name: string) => readFileSync(join(FIXTURES, name));
const expected = JSON.parse(readFileSync(join(FIXTURES, 'expected.json'), 'utf8'));
const DTYPE = { F32: 'float32', I32: 'int32', U8: 'uint8' } as Record<string, string>;

test('loads a state dict written from PyTorch: keys, shapes, dtypes, values and metadata', () => {
  const { tensors, metadata } = parseSafetensors(fixture('state_dict.safetensors'));
  assert.deepEqual(metadata, expected.metadata);
  assert.deepEqual(Object.keys(tensors).sort(), Object.keys(expected.tensors).sort());
  for (const [k, e] of Object.entries(expected.tensors) as [string, { dtype: string; shape: number[]; values: number[] }][]) {
    assert.equal(tensors[k].dtype, DTYPE[e.dtype], `${k} dtype`);
    assert.deepEqual([...tensors[k].shape], e.shape, `${k} shape`);
    assert.deepEqual(Array.from(tensors[k].data), e.dtype === 'F32' ? e.values.map(Math.fround) : e.values, `${k} values`);
  }
});

test('a PyTorch nn.Sequential state dict loads strictly into our Sequential and gives the same outputs', () => {
  const net = new Sequential(new Linear(4, 3), new ReLU(), new Linear(3, 2));
  const sd = parseSafetensors(fixture('state_dict.safetensors')).tensors;
  net.loadStateDict(Object.fromEntries(Object.entries(sd).filter(([k]) => /^\d/.test(k))));
  const f = expected.forward;
  const y = net.forward(new Tensor(Float32Array.from(f.input), f.input_shape));
  assertClose(y, f.output, { atol: 1e-6, rtol: 1e-5 }, 'forward');
  assert.deepEqual([...y.shape], f.output_shape);
});

test('what we write is byte-identical to the PyTorch-side file for the same tensors', () => {
  const bytes = fixture('state_dict.safetensors');
  const { tensors, metadata } = parseSafetensors(bytes);
  const again = serializeSafetensors(tensors, { metadata });
  assert.equal(again.length, bytes.length);
  assert.ok(Buffer.from(again).equals(bytes), 'bytes differ');
});

test('reads F16, BF16, F64, I64, I16, I8 and BOOL, converting as PyTorch does', () => {
  const { tensors } = parseSafetensors(fixture('dtypes.safetensors'));
  for (const [k, e] of Object.entries(expected.dtypes) as [string, { dtype: string; shape: number[]; values: (number | string)[] }][]) {
    const t = tensors[k];
    assert.deepEqual([...t.shape], e.shape, `${k} shape`);
    assert.equal(t.dtype, e.dtype === 'BOOL' ? 'uint8' : e.dtype.startsWith('F') || e.dtype === 'BF16' ? 'float32' : 'int32', `${k} dtype`);
    const float = t.dtype === 'float32';
    const want = e.values.map((v) => (v === 'inf' ? Infinity : v === '-inf' ? -Infinity : float ? Math.fround(v as number) : v));
    assert.deepEqual(Array.from(t.data), want, `${k} values`);
  }
});

test('an int64 value beyond int32 is refused with the tensor, element, value and fix', () => {
  assert.throws(() => parseSafetensors(fixture('int64_overflow.safetensors'), { source: 'big.safetensors' }),
    (e: Error) => e instanceof FormatError && e.message.includes("big.safetensors: tensor 'big' (I64) element 1 is 1099511627776") && e.message.includes('torch.int32'));
});

test('halfToFloat covers subnormals, the largest half and NaN', () => {
  assert.equal(halfToFloat(0x0001), 2 ** -24);
  assert.equal(halfToFloat(0x7bff), 65504);
  assert.equal(halfToFloat(0xfc00), -Infinity);
  assert.ok(Number.isNaN(halfToFloat(0x7e00)));
});

test('save → load round-trips every dtype, scalars and empty tensors through a file', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alchemy-st-'));
  try {
    const sd = {
      'fc.weight': tensor([[1.5, -2], [3e-38, 1e38]]),
      'fc.bias': tensor([0.1, -0.2]),
      steps: tensor([7, -9, 2147483647], { dtype: 'int32' }),
      mask: tensor([1, 0, 255], { dtype: 'uint8' }),
      scalar: tensor(4),
      empty: zeros([0, 5]),
    };
    const path = join(dir, 'm.safetensors');
    saveSafetensors(path, sd, { epoch: '3' });
    const back = loadSafetensors(path);
    for (const [k, t] of Object.entries(sd)) {
      assert.equal(back[k].dtype, t.dtype, k);
      assert.deepEqual([...back[k].shape], [...t.shape], k);
      assert.deepEqual(Array.from(back[k].data), Array.from(t.data), k);
    }
    assert.deepEqual(readSafetensorsFile(path).metadata, { epoch: '3' });
    assert.deepEqual(readdirSync(dir), ['m.safetensors'], 'no temporary file is left behind');
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

test('loaded tensors own their memory (not views into the file buffer)', () => {
  const bytes = serializeSafetensors({ a: tensor([1, 2]), b: tensor([3]) });
  const { tensors } = parseSafetensors(bytes);
  assert.equal(tensors.a.data.buffer.byteLength, 8);
  bytes.fill(0);
  assert.deepEqual(Array.from(tensors.a.data), [1, 2]);
});

test('serialize refuses non-tensors, the reserved __metadata__ name and non-string metadata', () => {
  assert.throws(() => serializeSafetensors({ w: [1, 2] as unknown as Tensor }), (e: Error) => e instanceof ValueError && /'w' is an array, not a Tensor/.test(e.message));
  assert.throws(() => serializeSafetensors({ __metadata__: tensor([1]) }), ValueError);
  assert.throws(() => serializeSafetensors({ w: tensor([1]) }, { metadata: { n: 3 as unknown as string } }), (e: Error) => e instanceof ValueError && /metadata 'n'/.test(e.message));
});

test('a tensor named __proto__ is stored as data and cannot change any prototype', () => {
  const header = '{"__proto__":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}';
  const bytes = build(header, new Uint8Array(new Float32Array([2]).buffer));
  const { tensors } = parseSafetensors(bytes);
  assert.equal(Object.getPrototypeOf(tensors), Object.prototype);
  assert.deepEqual(Object.keys(tensors), ['__proto__']);
  assert.equal(Object.getOwnPropertyDescriptor(tensors, '__proto__')!.value.data[0], 2);
});

/** Assembles a file from header text and data bytes (no validation: for hostile cases). */
export function build(header: string, data: Uint8Array = new Uint8Array(0), declaredLen?: number): Uint8Array {
  const h = new TextEncoder().encode(header);
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(declaredLen ?? h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

const f32 = (n: number) => new Uint8Array(n * 4);
const rejects = (bytes: Uint8Array, pattern: RegExp) => assert.throws(() => parseSafetensors(bytes, { source: 'evil.safetensors' }),
  (e: Error) => e instanceof FormatError && e.message.startsWith('evil.safetensors: ') && pattern.test(e.message), `expected FormatError matching ${pattern}`);

test('hostile files: each defect ends in a FormatError that names the file, the tensor and the problem', () => {
  rejects(new Uint8Array(5), /fewer than the 8-byte header length/);
  rejects(build('{}', f32(0), 1000), /header length 1000 bytes runs past the end of the 10-byte file/);
  rejects(build('{}', f32(0), 2 ** 40), /exceeds the 100000000-byte limit/);
  rejects(build('{}', f32(0), 200_000_000), /exceeds the 100000000-byte limit/);
  rejects(build('[1, 2]'), /does not start with '\{'/);
  rejects(build('{"a": 1,}'), /not valid JSON/);
  rejects(build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(2)), /duplicate key "a".*each tensor name may appear once/);
  rejects(build('{"w":{"dtype":"Q4","shape":[1],"data_offsets":[0,4]}}', f32(1)), /tensor 'w' has unknown dtype "Q4"; supported: F32/);
  rejects(build('{"w":{"dtype":"F32","shape":[-1],"data_offsets":[0,4]}}', f32(1)), /tensor 'w' has shape \[-1\]/);
  rejects(build('{"w":{"dtype":"F32","shape":[1.5],"data_offsets":[0,4]}}', f32(1)), /tensor 'w' has shape \[1.5\]/);
  rejects(build('{"w":{"dtype":"F32","shape":"3","data_offsets":[0,4]}}', f32(1)), /tensor 'w' has shape "3"/);
  rejects(build('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,4]}}', f32(1)), /tensor 'w': shape \[2\] × F32 \(4 bytes\) needs 8 bytes but data_offsets \[0, 4\] span 4/);
  rejects(build('{"w":{"dtype":"F32","shape":[1],"data_offsets":[4,0]}}', f32(1)), /data_offsets \[4,0\]/);
  rejects(build('{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}', f32(1)), /tensor 'w' has data_offsets \[0, 8\] beyond the 4-byte data section/);
  rejects(build('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(2)), /tensor 'b' bytes \[4, 8\] overlap/);
  rejects(build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]}}', f32(2)), /gap of 4 bytes before tensor 'a'/);
  rejects(build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(2)), /4 trailing bytes after the last tensor/);
  rejects(build('{"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4],"code":"x"}}', f32(1)), /unknown field 'code'/);
  rejects(build('{"a":[1]}'), /tensor 'a' entry is an array/);
  rejects(build('{"__metadata__":{"n":1}}'), /__metadata__\["n"\] is a number, not a string/);
  rejects(build('{"w":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,4]}}', f32(1)), /too large to address/);
  rejects(build('{"w":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}  \u0000'), /not valid JSON/);
  rejects(build('{' + '"a":['.repeat(1) + '['.repeat(500) + ']'.repeat(500) + ']}'), /nesting deeper than 64/);
  const badUtf8 = build('{"a":1}');
  badUtf8[10] = 0xff;
  rejects(badUtf8, /not valid UTF-8/);
});

test('a zero-size tensor may share its offset with its neighbour (empty tensors tile trivially)', () => {
  const { tensors } = parseSafetensors(build('{"e":{"dtype":"F32","shape":[0,2],"data_offsets":[4,4]},"a":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}', f32(1)));
  assert.deepEqual([...tensors.e.shape], [0, 2]);
  assert.equal(tensors.a.numel(), 1);
});

test('a folder or a file too large to read in one piece is refused before reading', () => {
  const dir = mkdtempSync(join(tmpdir(), 'alchemy-big-'));
  try {
    assert.throws(() => loadSafetensors(dir), (e: Error) => e instanceof FormatError && /is not a regular file/.test(e.message));
    const big = join(dir, 'huge.safetensors');
    writeFileSync(big, '');
    truncateSync(big, 3 * 2 ** 30); // sparse: no disk space used
    assert.throws(() => loadSafetensors(big), (e: Error) => e instanceof FormatError && /3\.0 GiB is more than the 2\.0 GiB .* shards/.test(e.message));
  } finally { rmSync(dir, { recursive: true, force: true }); }
});

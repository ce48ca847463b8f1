import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  tensor, manualSeed, zeros, ones, arange, Tensor, cat, stack, where, oneHot, scatterAdd, ShapeError, IndexError, DTypeError,
} from '../../src/core/index.js';
import { checkOp, leaf, expectError } from '../helpers.js';

/** A leaf holding 0, 1, 2, ... so expected values of movement ops can be written by index arithmetic. */
function ar(shape: number[]): Tensor {
  const n = shape.reduce((a, b) => a * b, 1);
  return new Tensor(Float32Array.from({ length: n }, (_, i) => i), shape, true);
}
const int = (v: number[] | number[][]) => tensor(v as number[], { dtype: 'int32' });

test('reshape / view / flatten / unflatten: shapes, values kept in order, gradients', () => {
  const cases: [number[], (x: Tensor) => Tensor, number[]][] = [
    [[2, 3, 4], (x) => x.reshape(4, -1), [4, 6]],
    [[2, 3, 4], (x) => x.view([24]), [24]],
    [[2, 3, 4], (x) => x.flatten(), [24]],
    [[2, 3, 4], (x) => x.flatten(1), [2, 12]],
    [[2, 3, 4], (x) => x.flatten(0, 1), [6, 4]],
    [[2, 12], (x) => x.unflatten(1, [3, 4]), [2, 3, 4]],
    [[], (x) => x.reshape([1, 1]), [1, 1]],
    [[1], (x) => x.reshape([]), []],
    [[], (x) => x.flatten(), [1]],
    [[0, 3], (x) => x.reshape(3, 0), [3, 0]],
    [[0, 3], (x) => x.reshape(-1, 3), [0, 3]],
  ];
  for (const [s, f, out] of cases) {
    const n = out.reduce((a, b) => a * b, 1);
    checkOp(`reshape ${JSON.stringify(s)}→${JSON.stringify(out)}`, f, () => [ar(s)], { shape: out, expected: Array.from({ length: n }, (_, i) => i) });
  }
});

test('squeeze / unsqueeze', () => {
  checkOp('squeeze all', (x) => x.squeeze(), () => [ar([1, 3, 1, 2])], { shape: [3, 2], expected: [0, 1, 2, 3, 4, 5] });
  checkOp('squeeze dim', (x) => x.squeeze(2), () => [ar([1, 3, 1, 2])], { shape: [1, 3, 2] });
  checkOp('squeeze dims list', (x) => x.squeeze([0, -2]), () => [ar([1, 3, 1, 2])], { shape: [3, 2] });
  checkOp('squeeze non-1 dim is a no-op', (x) => x.squeeze(1), () => [ar([1, 3, 1, 2])], { shape: [1, 3, 1, 2] });
  checkOp('unsqueeze 0', (x) => x.unsqueeze(0), () => [ar([3, 2])], { shape: [1, 3, 2] });
  checkOp('unsqueeze -1', (x) => x.unsqueeze(-1), () => [ar([3, 2])], { shape: [3, 2, 1] });
  checkOp('unsqueeze of 0-d', (x) => x.unsqueeze(0), () => [ar([])], { shape: [1] });
});

test('transpose / permute / T move values by index', () => {
  checkOp('T', (x) => x.T, () => [ar([2, 3])], { shape: [3, 2], expected: [0, 3, 1, 4, 2, 5] });
  // out[i][j][k] = x[j][k][i] for permute(2, 0, 1) of [2, 3, 4].
  const perm: number[] = [];
  for (let i = 0; i < 4; i++) for (let j = 0; j < 2; j++) for (let k = 0; k < 3; k++) perm.push(j * 12 + k * 4 + i);
  checkOp('permute 2,0,1', (x) => x.permute(2, 0, 1), () => [ar([2, 3, 4])], { shape: [4, 2, 3], expected: perm });
  const tr: number[] = [];
  for (let i = 0; i < 4; i++) for (let j = 0; j < 3; j++) for (let k = 0; k < 2; k++) tr.push(k * 12 + j * 4 + i);
  checkOp('transpose 0,2', (x) => x.transpose(0, 2), () => [ar([2, 3, 4])], { shape: [4, 3, 2], expected: tr });
  checkOp('transpose of 1-D is identity', (x) => x.transpose(0, -1), () => [ar([3])], { shape: [3], expected: [0, 1, 2] });
  checkOp('permute with empty dim', (x) => x.permute([1, 0]), () => [ar([0, 2])], { shape: [2, 0] });
});

test('expand / broadcastTo / repeat: values and summed-back gradients', () => {
  checkOp('expand [3,1]→[2,3,4]', (x) => x.expand(2, 3, 4), () => [ar([3, 1])], { shape: [2, 3, 4], expected: [0, 1, 2, 0, 1, 2].flatMap((v) => [v, v, v, v]) });
  checkOp('expand keeps -1', (x) => x.expand(-1, 2), () => [ar([3, 1])], { shape: [3, 2], expected: [0, 0, 1, 1, 2, 2] });
  checkOp('expand 0-d', (x) => x.expand([2, 2]), () => [ar([])], { shape: [2, 2], expected: [0, 0, 0, 0] });
  checkOp('expand to size 0', (x) => x.expand([0, 3]), () => [ar([1, 3])], { shape: [0, 3] });
  checkOp('repeat [2,1,2] of [2,3]', (x) => x.repeat(2, 1, 2), () => [ar([2, 3])],
    { shape: [2, 2, 6], expected: [0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5, 0, 1, 2, 0, 1, 2, 3, 4, 5, 3, 4, 5] });
  manualSeed(3);
  checkOp('repeat random', (x) => x.repeat(3, 2), () => [leaf([2, 3])], { shape: [6, 6] });
});

test('slice / narrow / select: Python-style ranges, steps, negative indices', () => {
  // x = arange(24) as [2, 3, 4]; x[1, 0:3:2, -2:] → [[16+2, 16+3], [16+8+2, 16+8+3]]
  checkOp('slice', (x) => x.slice(1, [0, 3, 2], [-2]), () => [ar([2, 3, 4])], { shape: [2, 2], expected: [14, 15, 22, 23] });
  checkOp('slice all with null', (x) => x.slice(null, 1), () => [ar([2, 3, 4])], { shape: [2, 4], expected: [4, 5, 6, 7, 16, 17, 18, 19] });
  checkOp('slice clamps the end', (x) => x.slice([1, 100]), () => [ar([3])], { shape: [2], expected: [1, 2] });
  checkOp('slice empty range', (x) => x.slice([2, 1]), () => [ar([3])], { shape: [0] });
  checkOp('narrow', (x) => x.narrow(1, 1, 2), () => [ar([2, 3])], { shape: [2, 2], expected: [1, 2, 4, 5] });
  checkOp('narrow negative start', (x) => x.narrow(0, -2, 2), () => [ar([4])], { shape: [2], expected: [2, 3] });
  checkOp('select last', (x) => x.select(0, -1), () => [ar([2, 3])], { shape: [3], expected: [3, 4, 5] });
  checkOp('select dim 1', (x) => x.select(1, 2), () => [ar([2, 3])], { shape: [2], expected: [2, 5] });
  checkOp('select of 1-D gives 0-d', (x) => x.select(0, 1), () => [ar([3])], { shape: [], expected: [1] });
});

test('gather / indexSelect: picks by index, duplicate indices accumulate gradients', () => {
  checkOp('gather dim 1', (x) => x.gather(1, int([[2, 0], [1, 1]])), () => [ar([2, 3])], { shape: [2, 2], expected: [2, 0, 4, 4] });
  checkOp('gather dim 0', (x) => x.gather(0, int([[1, 0, 1]])), () => [ar([2, 3])], { shape: [1, 3], expected: [3, 1, 5] });
  checkOp('gather negative index', (x) => x.gather(1, int([[-1], [-3]])), () => [ar([2, 3])], { shape: [2, 1], expected: [2, 3] });
  checkOp('indexSelect rows', (x) => x.indexSelect(0, [2, 0, 2]), () => [ar([3, 2])], { shape: [3, 2], expected: [4, 5, 0, 1, 4, 5] });
  checkOp('indexSelect cols', (x) => x.indexSelect(1, int([1])), () => [ar([2, 3])], { shape: [2, 1], expected: [1, 4] });
  checkOp('indexSelect empty', (x) => x.indexSelect(0, []), () => [ar([3, 2])], { shape: [0, 2] });
  const x = ar([3]);
  x.indexSelect(0, [1, 1, 2]).sum().backward();
  assert.deepEqual(x.grad!.toArray(), [0, 2, 1]);
});

test('cat / stack / split / chunk', () => {
  checkOp('cat dim 0', (a, b) => cat([a, b]), () => [ar([1, 2]), ar([2, 2])], { shape: [3, 2], expected: [0, 1, 0, 1, 2, 3] });
  checkOp('cat dim 1', (a, b) => cat([a, b], 1), () => [ar([2, 1]), ar([2, 2])], { shape: [2, 3], expected: [0, 0, 1, 1, 2, 3] });
  checkOp('cat dim -1 three inputs', (a, b, c) => cat([a, b, c], -1), () => [ar([2, 1]), ar([2, 0]), ar([2, 2])], { shape: [2, 3] });
  checkOp('stack dim 0', (a, b) => stack([a, b]), () => [ar([2]), ar([2])], { shape: [2, 2], expected: [0, 1, 0, 1] });
  checkOp('stack dim -1', (a, b) => stack([a, b], -1), () => [ar([2]), ar([2])], { shape: [2, 2], expected: [0, 0, 1, 1] });
  checkOp('stack of 0-d', (a, b) => stack([a, b]), () => [ar([]), ar([])], { shape: [2] });
  checkOp('split size', (x) => { const [a, b, c] = x.split(2); return cat([c, a.mul(2), b]); }, () => [ar([5])], { expected: [4, 0, 2, 2, 3] });
  checkOp('split sections dim 1', (x) => x.split([1, 2], 1)[1], () => [ar([2, 3])], { shape: [2, 2], expected: [1, 2, 4, 5] });
  assert.deepEqual(arange(5).chunk(3).map((t) => t.toArray()), [[0, 1], [2, 3], [4]]);
  assert.deepEqual(arange(6).chunk(4).map((t) => t.shape[0]), [2, 2, 2]);
  checkOp('chunk gradient', (x) => x.chunk(2, 1)[0], () => [ar([2, 4])], { shape: [2, 2], expected: [0, 1, 4, 5] });
  assert.equal(cat([tensor([1], { dtype: 'int32' }), tensor([0.5])]).dtype, 'float32');
});

test('flip / where / maskedFill / scatterAdd / oneHot', () => {
  checkOp('flip dim 1', (x) => x.flip(1), () => [ar([2, 3])], { expected: [2, 1, 0, 5, 4, 3] });
  checkOp('flip both', (x) => x.flip([0, 1]), () => [ar([2, 3])], { expected: [5, 4, 3, 2, 1, 0] });
  const cond = tensor([[1, 0, 1]], { dtype: 'uint8' });
  checkOp('where broadcasts cond, x and y', (a, b) => where(cond, a, b), () => [ar([2, 3]), ar([2, 1])], { shape: [2, 3], expected: [0, 0, 2, 3, 1, 5] });
  checkOp('where with numbers', (a) => where(cond, a, -1), () => [ar([3])], { shape: [1, 3], expected: [0, -1, 2] });
  checkOp('maskedFill', (x) => x.maskedFill(tensor([0, 1], { dtype: 'uint8' }), -9), () => [ar([2, 2])], { expected: [0, -9, 2, -9] });
  checkOp('scatterAdd dim 0 with duplicates', (x, s) => scatterAdd(x, 0, int([[1, 0, 1], [1, 1, 0]]), s), () => [ar([2, 3]), ar([2, 3])],
    { expected: [0, 1 + 1, 2 + 5, 3 + 0 + 3, 4 + 4, 5 + 2] });
  assert.deepEqual(oneHot(int([0, 2, 1]), 3).toArray(), [[1, 0, 0], [0, 0, 1], [0, 1, 0]]);
  assert.deepEqual(oneHot(int([1, 3])).shape, [2, 4]);
});

test('movement ops keep the dtype of integer and uint8 tensors', () => {
  const m = tensor([[1, 0], [0, 1]], { dtype: 'uint8' });
  for (const t of [m.T, m.reshape(4), m.flip(0), m.slice(0), m.expand(2, 2, 2), cat([m, m]), m.indexSelect(0, [1])]) assert.equal(t.dtype, 'uint8');
});

test('shape and index errors name the op, the shapes or indices, and the fix', () => {
  expectError(() => ones([2, 3]).reshape(4, 2), ShapeError, 'reshape: cannot reshape [2, 3] (6 elements) into [4, 2] (8 elements)');
  expectError(() => ones([2, 3]).reshape(-1, -1), ShapeError, 'only one dimension can be -1');
  expectError(() => ones([2, 3]).reshape(-1, 4), ShapeError, 'cannot reshape [2, 3]');
  expectError(() => ones([2, 3]).permute(1, 0, 2), ShapeError, 'permute: got 3 dims', 'rank 2');
  expectError(() => ones([2, 3]).permute(0, 0), ShapeError, 'permute', 'repeat');
  expectError(() => ones([2, 3]).expand(4, 3, 2), ShapeError, 'expand: cannot expand [2, 3] to [4, 3, 2]', 'dim 0 has size 2');
  expectError(() => ones([2, 3]).expand(3), ShapeError, 'expand', 'fewer dims');
  expectError(() => ones([2, 3]).flatten(1, 0), ShapeError, 'flatten', 'startDim 1 comes after endDim 0');
  expectError(() => ones([2, 3]).transpose(0, 2), IndexError, 'transpose: dim 2 is out of range');
  expectError(() => ones([2, 3]).unsqueeze(3), IndexError, 'unsqueeze: dim 3');
  expectError(() => ones([2, 3]).slice(0, 0, 0), IndexError, 'slice: 3 indices given for a tensor of rank 2');
  expectError(() => ones([2, 3]).slice(2), IndexError, 'slice: index 2 is out of range for dim 0 of size 2');
  expectError(() => ones([2, 3]).slice(null, [0, 3, 0]), IndexError, 'slice: step must be a positive integer, got 0');
  expectError(() => ones([2, 3]).select(1, -4), IndexError, 'index -4 is out of range for dim 1 of size 3');
  expectError(() => ones([2, 3]).narrow(1, 2, 2), IndexError, 'narrow: range [2, 4) is outside dim 1 of size 3');
  expectError(() => ones([2, 3]).gather(1, int([[3]])), IndexError, 'gather: index 3 is out of range for dim 1 of size 3');
  expectError(() => ones([2, 3]).gather(1, tensor([[0]])), DTypeError, 'gather: index must be an int32', '.int()');
  expectError(() => ones([2, 3]).gather(1, int([0])), ShapeError, 'gather: index has rank 1 but input has rank 2');
  expectError(() => ones([2, 3]).gather(1, int([[0], [0], [0]])), ShapeError, 'gather: index shape [3, 1] exceeds input shape [2, 3] at dim 0');
  expectError(() => ones([2, 3]).indexSelect(0, [2]), IndexError, 'indexSelect: index 2 is out of range for dim 0 of size 2');
  expectError(() => ones([2, 3]).indexSelect(0, int([[0]])), ShapeError, 'indexSelect: index must be 1-D');
  expectError(() => cat([ones([2, 3]), ones([2, 4])]), ShapeError, 'cat: shapes [2, 3] and [2, 4] differ at dim 1 (only dim 0 may differ)');
  expectError(() => cat([ones([2, 3]), ones([3])]), ShapeError, 'cat: all tensors need the same rank');
  expectError(() => cat([]), ShapeError, 'cat: needs at least one tensor');
  expectError(() => stack([ones([2]), ones([3])]), ShapeError, 'stack: all tensors need the same shape; got [2] and [3]');
  expectError(() => ones([5]).split([2, 2]), ShapeError, 'split: section sizes [2, 2] add up to 4, but dim 0 has size 5');
  expectError(() => ones([5]).split(0), ShapeError, 'split: size must be a positive integer');
  expectError(() => oneHot(int([0, 3]), 3), IndexError, 'oneHot: class index 3 is outside [0, 2]');
  expectError(() => scatterAdd(zeros([2]), 0, int([2]), ones([1])), IndexError, 'scatterAdd: index 2 is out of range for dim 0 of size 2');
  expectError(() => scatterAdd(zeros([2, 2]), 0, int([[0, 1, 0]]), ones([1, 2])), ShapeError, 'scatterAdd', 'index [1, 3]', 'src [1, 2]');
  expectError(() => tensor([[1, 2], [3]]), ShapeError, 'tensor: ragged nested array at data[1]: expected 2 entries');
});

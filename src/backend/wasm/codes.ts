import type { BinaryOp, UnaryOp } from '../backend.js';

// Op codes understood by the wasm kernels (assembly/elementwise.ts). Ops not listed here run on
// the js reference kernels, so every op still has a kernel.

export const BINARY_CODE: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };

export const UNARY_CODE: Partial<Record<UnaryOp, number>> = {
  relu: 0, exp: 1, sigmoid: 2, tanh: 3, neg: 4, abs: 5, square: 6, sqrt: 7, mulScalar: 8, addScalar: 9, leakyRelu: 10, gelu: 11, silu: 12,
};

/** Unary ops whose gradient kernel lives in wasm (the others' derivatives stay in js). */
export const UNARY_GRAD_CODE: Partial<Record<UnaryOp, number>> = {
  relu: 0, exp: 1, sigmoid: 2, tanh: 3, neg: 4, square: 6, mulScalar: 8, addScalar: 9, leakyRelu: 10, gelu: 11, silu: 12,
};

/** Names of the two compiled builds, fastest first. */
export type WasmBuild = 'relaxed-simd' | 'simd';

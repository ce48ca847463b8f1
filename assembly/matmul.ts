// Packed, register-blocked single-precision matrix multiply (Goto & van de Geijn 2008, "Anatomy of
// High-Performance Matrix Multiplication"): B is packed into 8-column panels and A into 4-row
// panels so the 4x8 micro-kernel streams both with unit stride while 8 v128 accumulators stay in
// registers. Transposed operands are read through strides while packing, so no transpose is ever
// materialised. A 4x8 tile measured fastest here; larger tiles spill registers on x86 (16 xmm).

import { madd } from './simd';

const MR = 4;
const NR = 8;
/** Depth of one packed block: a 4xKC A panel (4 KiB) and a KCx8 B panel (8 KiB) sit in L1. */
const KC = 256;
/** Rows of A packed per block: MCxKC floats = 64 KiB, resident in L2. */
const MC = 64;
/** Columns of B packed per block: KCxNC floats = 256 KiB, resident in L2. */
const NC = 256;

/** Floats of pack space one caller needs: A block, B block and a 4x8 edge tile. */
export const PACK_FLOATS: i32 = MC * KC + KC * NC + MR * NR;

/**
 * C[i0:i1, j0:j1] (+)= op(A) op(B) for row-major C (m x n). A is m x k (k x m when transA),
 * B is k x n (n x k when transB). `pack` points to PACK_FLOATS floats of scratch owned by the caller,
 * so threads working on disjoint tiles of C never share scratch.
 */
export function matmulTile(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool,
  i0: i32, i1: i32, j0: i32, j1: i32, pack: usize): void {
  const packA = pack;
  const packB = pack + <usize>(MC * KC) * 4;
  const edge = packB + <usize>(KC * NC) * 4;
  if (k == 0) {
    if (!accumulate) for (let i = i0; i < i1; i++) memory.fill(c + (<usize>(i * n + j0) << 2), 0, <usize>(j1 - j0) << 2);
    return;
  }
  for (let jc = j0; jc < j1; jc += NC) {
    const nc = min(NC, j1 - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      packPanelsB(b, k, n, transB, pc, kc, jc, nc, packB);
      // Later depth blocks always add onto what the first block wrote.
      const acc = accumulate || pc > 0;
      for (let ic = i0; ic < i1; ic += MC) {
        const mc = min(MC, i1 - ic);
        packPanelsA(a, m, k, transA, ic, mc, pc, kc, packA);
        for (let jr = 0; jr < nc; jr += NR) {
          const nr = min(NR, nc - jr);
          const bp = packB + <usize>(jr * kc) * 4;
          for (let ir = 0; ir < mc; ir += MR) {
            const mr = min(MR, mc - ir);
            const ap = packA + <usize>(ir * kc) * 4;
            const cp = c + (<usize>((ic + ir) * n + jc + jr) << 2);
            if (mr == MR && nr == NR) kernel4x8(ap, bp, kc, cp, n, acc);
            else {
              kernel4x8(ap, bp, kc, edge, NR, false);
              for (let r = 0; r < mr; r++) {
                for (let q = 0; q < nr; q++) {
                  const dst = cp + (<usize>(r * n + q) << 2);
                  const v = load<f32>(edge + (<usize>(r * NR + q) << 2));
                  store<f32>(dst, acc ? load<f32>(dst) + v : v);
                }
              }
            }
          }
        }
      }
    }
  }
}

/** Packs op(B)[pc:pc+kc, jc:jc+nc] into 8-column panels (kc x 8 each), zero-padding the last. */
function packPanelsB(b: usize, k: i32, n: i32, transB: bool, pc: i32, kc: i32, jc: i32, nc: i32, dst: usize): void {
  for (let jr = 0; jr < nc; jr += NR) {
    const nr = min(NR, nc - jr);
    let d = dst + <usize>(jr * kc) * 4;
    const j = jc + jr;
    if (!transB && nr == NR) {
      // Row p of the panel is 8 contiguous floats of B's row pc + p.
      let s = b + (<usize>(pc * n + j) << 2);
      const stride = <usize>n << 2;
      for (let p = 0; p < kc; p++) {
        v128.store(d, v128.load(s));
        v128.store(d, v128.load(s, 16), 16);
        s += stride; d += 32;
      }
    } else if (transB && nr == NR) {
      // op(B)(p, j) = B[j, p]: 8 rows of B read with unit stride along p, four p at a time,
      // turned into panel rows by two 4x4 transposes in registers.
      const s = b + (<usize>(j * k + pc) << 2);
      const rs = <usize>k << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        const o = s + (<usize>p << 2);
        transpose4Store(o, rs, d, 32);
        transpose4Store(o + rs * 4, rs, d + 16, 32);
        d += 128;
      }
      for (; p < kc; p++) {
        const o = s + (<usize>p << 2);
        for (let q = 0; q < NR; q++) store<f32>(d + (<usize>q << 2), load<f32>(o + rs * q));
        d += 32;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let q = 0; q < NR; q++) {
          let v: f32 = 0;
          if (q < nr) v = transB ? load<f32>(b + (<usize>((j + q) * k + pc + p) << 2)) : load<f32>(b + (<usize>((pc + p) * n + j + q) << 2));
          store<f32>(d + (<usize>q << 2), v);
        }
        d += 32;
      }
    }
  }
}

/** Packs op(A)[ic:ic+mc, pc:pc+kc] into 4-row panels (kc x 4 each), zero-padding the last. */
function packPanelsA(a: usize, m: i32, k: i32, transA: bool, ic: i32, mc: i32, pc: i32, kc: i32, dst: usize): void {
  for (let ir = 0; ir < mc; ir += MR) {
    const mr = min(MR, mc - ir);
    let d = dst + <usize>(ir * kc) * 4;
    const i = ic + ir;
    if (transA && mr == MR) {
      // op(A)(i, p) = A[p, i]: the 4 values for one p are contiguous.
      let s = a + (<usize>(pc * m + i) << 2);
      const stride = <usize>m << 2;
      for (let p = 0; p < kc; p++) { v128.store(d, v128.load(s)); s += stride; d += 16; }
    } else if (!transA && mr == MR) {
      // Four rows of A read four p at a time and transposed in registers into panel order.
      const r0 = a + (<usize>(i * k + pc) << 2), rs = <usize>k << 2;
      let p = 0;
      for (; p + 4 <= kc; p += 4) {
        transpose4Store(r0 + (<usize>p << 2), rs, d, 16);
        d += 64;
      }
      for (; p < kc; p++) {
        const o = r0 + (<usize>p << 2);
        store<f32>(d, load<f32>(o));
        store<f32>(d, load<f32>(o + rs), 4);
        store<f32>(d, load<f32>(o + rs * 2), 8);
        store<f32>(d, load<f32>(o + rs * 3), 12);
        d += 16;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        for (let r = 0; r < MR; r++) {
          let v: f32 = 0;
          if (r < mr) v = transA ? load<f32>(a + (<usize>((pc + p) * m + i + r) << 2)) : load<f32>(a + (<usize>((i + r) * k + pc + p) << 2));
          store<f32>(d + (<usize>r << 2), v);
        }
        d += 16;
      }
    }
  }
}

/**
 * Reads a 4x4 block (4 rows `rs` bytes apart, 4 floats each from `src`) and stores its transpose:
 * column t of the block goes to `dst + t * ds` as 4 contiguous floats.
 */
// @ts-ignore: decorator
@inline function transpose4Store(src: usize, rs: usize, dst: usize, ds: usize): void {
  const r0 = v128.load(src), r1 = v128.load(src + rs), r2 = v128.load(src + rs * 2), r3 = v128.load(src + rs * 3);
  const t0 = v128.shuffle<f32>(r0, r1, 0, 4, 1, 5), t1 = v128.shuffle<f32>(r2, r3, 0, 4, 1, 5);
  const t2 = v128.shuffle<f32>(r0, r1, 2, 6, 3, 7), t3 = v128.shuffle<f32>(r2, r3, 2, 6, 3, 7);
  v128.store(dst, v128.shuffle<f32>(t0, t1, 0, 1, 4, 5));
  v128.store(dst + ds, v128.shuffle<f32>(t0, t1, 2, 3, 6, 7));
  v128.store(dst + ds * 2, v128.shuffle<f32>(t2, t3, 0, 1, 4, 5));
  v128.store(dst + ds * 3, v128.shuffle<f32>(t2, t3, 2, 3, 6, 7));
}

/** The 4x8 micro-kernel: C[4x8] (+)= Ap (kc x 4) ^T Bp (kc x 8), C with row stride ldc floats. */
// @ts-ignore: decorator
@inline function kernel4x8(ap: usize, bp: usize, kc: i32, c: usize, ldc: i32, accumulate: bool): void {
  let c00 = f32x4.splat(0), c01 = f32x4.splat(0);
  let c10 = f32x4.splat(0), c11 = f32x4.splat(0);
  let c20 = f32x4.splat(0), c21 = f32x4.splat(0);
  let c30 = f32x4.splat(0), c31 = f32x4.splat(0);
  for (let p = 0; p < kc; p++) {
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    const a0 = v128.load32_splat(ap);
    c00 = madd(a0, b0, c00); c01 = madd(a0, b1, c01);
    const a1 = v128.load32_splat(ap, 4);
    c10 = madd(a1, b0, c10); c11 = madd(a1, b1, c11);
    const a2 = v128.load32_splat(ap, 8);
    c20 = madd(a2, b0, c20); c21 = madd(a2, b1, c21);
    const a3 = v128.load32_splat(ap, 12);
    c30 = madd(a3, b0, c30); c31 = madd(a3, b1, c31);
    ap += 16; bp += 32;
  }
  const rs = <usize>ldc << 2;
  const r0 = c, r1 = c + rs, r2 = r1 + rs, r3 = r2 + rs;
  if (accumulate) {
    c00 = f32x4.add(c00, v128.load(r0)); c01 = f32x4.add(c01, v128.load(r0, 16));
    c10 = f32x4.add(c10, v128.load(r1)); c11 = f32x4.add(c11, v128.load(r1, 16));
    c20 = f32x4.add(c20, v128.load(r2)); c21 = f32x4.add(c21, v128.load(r2, 16));
    c30 = f32x4.add(c30, v128.load(r3)); c31 = f32x4.add(c31, v128.load(r3, 16));
  }
  v128.store(r0, c00); v128.store(r0, c01, 16);
  v128.store(r1, c10); v128.store(r1, c11, 16);
  v128.store(r2, c20); v128.store(r2, c21, 16);
  v128.store(r3, c30); v128.store(r3, c31, 16);
}

/**
 * A batch of independent products C_i (+)= op(A_i) op(B_i) for i in [b0, b1), operands stored back
 * to back (A_i is m x k floats after A_{i-1}, and so on): attention heads and batched matmul in one
 * call, so the operands cross into wasm memory once.
 */
export function matmulBatch(a: usize, b: usize, c: usize, m: i32, k: i32, n: i32,
  transA: bool, transB: bool, accumulate: bool, b0: i32, b1: i32, pack: usize): void {
  const sa = <usize>(m * k) << 2, sb = <usize>(k * n) << 2, sc = <usize>(m * n) << 2;
  for (let i = b0; i < b1; i++) {
    matmulTile(a + sa * i, b + sb * i, c + sc * i, m, k, n, transA, transB, accumulate, 0, m, 0, n, pack);
  }
}

// Shared SIMD helpers. `ASC_FEATURE_RELAXED_SIMD` is a compile-time constant, so each build
// keeps exactly one branch: the relaxed build fuses multiply and add into one instruction
// (f32x4.relaxed_madd, WebAssembly relaxed-SIMD proposal), the plain build multiplies then adds.

/** a * b + c on four lanes. */
// @ts-ignore: decorator
@inline export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}

/**
 * e^x on four lanes, Cephes expf scheme: x = n ln2 + r with |r| <= ln2/2, e^r by a degree-6
 * polynomial, 2^n built in the exponent bits. Relative error about 2 ulp on [-87, 88];
 * results saturate to 0 and +Infinity outside, NaN stays NaN.
 */
// @ts-ignore: decorator
@inline export function exp4(x: v128): v128 {
  const hi = f32x4.splat(88.72283); // just below ln(FLT_MAX)
  const lo = f32x4.splat(-88.3762626647949);
  const xc = f32x4.pmax(f32x4.pmin(x, hi), lo);
  const n = f32x4.nearest(f32x4.mul(xc, f32x4.splat(1.44269504088896341)));
  // Two-part ln2 (Cody–Waite) keeps r accurate.
  let r = f32x4.sub(xc, f32x4.mul(n, f32x4.splat(0.693359375)));
  r = f32x4.add(r, f32x4.mul(n, f32x4.splat(2.12194440e-4)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  const r2 = f32x4.mul(r, r);
  p = f32x4.add(madd(p, r2, r), f32x4.splat(1.0));
  // 2^n: n is in [-127, 128]; split into two factors so n = 128 and n = -127 stay finite/normal.
  const ni = i32x4.trunc_sat_f32x4_s(n);
  const n1 = i32x4.shr_s(ni, 1), n2 = i32x4.sub(ni, n1);
  const bias = i32x4.splat(127);
  const s1 = i32x4.shl(i32x4.add(n1, bias), 23), s2 = i32x4.shl(i32x4.add(n2, bias), 23);
  let y = f32x4.mul(f32x4.mul(p, s1), s2);
  // Beyond the clamp the true value is 0 or +inf.
  y = v128.bitselect(f32x4.splat(Infinity), y, f32x4.gt(x, hi));
  y = v128.bitselect(f32x4.splat(0), y, f32x4.lt(x, lo));
  // NaN in, NaN out (pmin/pmax above would otherwise pick a bound).
  return v128.bitselect(x, y, f32x4.ne(x, x));
}

/** Scalar e^x with the same polynomial, for loop tails. */
// @ts-ignore: decorator
@inline export function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

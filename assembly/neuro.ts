// Leaky integrate-and-fire updates in float64 over neuron state held in wasm memory: the same
// arithmetic, in the same order, as lifStepEvents and lifCondStepEvents (src/neuro/neurons), so
// spikes are bit-for-bit those of the js loops. Each returns how many fired and lists them, in
// ascending order, at `fired` (i32). Only the plain case runs here: no external input, no
// threshold adaptation (a learned θ is still read), forward Euler for conductances.

/** Current-based LIF, exact integration (Gerstner et al. 2014, eq. 1.5) with propagators from the caller. */
export function lifCurrentStep(v: usize, iE: usize, iI: usize, theta: usize, ref: usize, fired: usize, n: i32,
  pM: f64, pE: f64, pI: f64, kE: f64, kI: f64, vRest: f64, vReset: f64, vThresh: f64, refSteps: i32): i32 {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3, ro = ref + (<usize>i << 2);
    const ie = load<f64>(iE + o), ii = load<f64>(iI + o);
    store<f64>(iE + o, ie * pE);
    store<f64>(iI + o, ii * pI);
    const r = load<i32>(ro);
    if (r > 0) { store<i32>(ro, r - 1); store<f64>(v + o, vReset); continue; }
    const vi = vRest + (load<f64>(v + o) - vRest) * pM + ie * kE + ii * kI;
    if (vi >= vThresh + load<f64>(theta + o)) {
      store<f64>(v + o, vReset); store<i32>(ro, refSteps);
      store<i32>(fired + (<usize>count << 2), i); count++;
    } else store<f64>(v + o, vi);
  }
  return count;
}

/** Conductance-based LIF, forward Euler (Brette et al. 2007, COBA). */
export function lifCondEulerStep(v: usize, gE: usize, gI: usize, theta: usize, ref: usize, fired: usize, n: i32,
  pE: f64, pI: f64, k: f64, gL: f64, vRest: f64, vReset: f64, vThresh: f64, eE: f64, eI: f64, refSteps: i32): i32 {
  let count = 0;
  for (let i = 0; i < n; i++) {
    const o = <usize>i << 3, ro = ref + (<usize>i << 2);
    const ge = load<f64>(gE + o), gi = load<f64>(gI + o);
    store<f64>(gE + o, ge * pE);
    store<f64>(gI + o, gi * pI);
    const r = load<i32>(ro);
    if (r > 0) { store<i32>(ro, r - 1); store<f64>(v + o, vReset); continue; }
    const vi0 = load<f64>(v + o);
    // "+ 0.0" is the js loop's external input term (zero here); kept so -0 rounds the same way.
    const vi = vi0 + k * (gL * (vRest - vi0) + ge * (eE - vi0) + gi * (eI - vi0) + 0.0);
    if (vi >= vThresh + load<f64>(theta + o)) {
      store<f64>(v + o, vReset); store<i32>(ro, refSteps);
      store<i32>(fired + (<usize>count << 2), i); count++;
    } else store<f64>(v + o, vi);
  }
  return count;
}

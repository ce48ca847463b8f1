// Optimizer updates, one pass over the parameter per step, four lanes at a time.

/**
 * torch.optim.SGD for one tensor (weight decay, momentum with dampening, Nesterov).
 * buf = 0 means no momentum buffer. firstStep seeds the buffer with the gradient, as PyTorch does.
 */
export function sgdStep(p: usize, g: usize, buf: usize, n: i32, lr: f32, momentum: f32, dampening: f32,
  nesterov: bool, weightDecay: f32, firstStep: bool, maximize: bool): void {
  const lrv = f32x4.splat(lr), mv = f32x4.splat(momentum), dv = f32x4.splat(1 - dampening), wd = f32x4.splat(weightDecay);
  const useBuf = momentum != 0 && buf != 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    const pv = v128.load(p + o);
    let d = v128.load(g + o);
    if (maximize) d = f32x4.neg(d);
    if (weightDecay != 0) d = f32x4.add(d, f32x4.mul(wd, pv));
    if (useBuf) {
      const bv = firstStep ? d : f32x4.add(f32x4.mul(mv, v128.load(buf + o)), f32x4.mul(dv, d));
      v128.store(buf + o, bv);
      d = nesterov ? f32x4.add(d, f32x4.mul(mv, bv)) : bv;
    }
    v128.store(p + o, f32x4.sub(pv, f32x4.mul(lrv, d)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    const pv = load<f32>(p + o);
    let d = load<f32>(g + o);
    if (maximize) d = -d;
    if (weightDecay != 0) d += weightDecay * pv;
    if (useBuf) {
      const bv = firstStep ? d : momentum * load<f32>(buf + o) + (1 - dampening) * d;
      store<f32>(buf + o, bv);
      d = nesterov ? d + momentum * bv : bv;
    }
    store<f32>(p + o, pv - lr * d);
  }
}

/**
 * torch.optim.Adam / AdamW for one tensor (Kingma & Ba 2015, Algorithm 1; Loshchilov & Hutter 2019
 * for the decoupled decay). stepSize = lr / (1 - beta1^t) and sqrtBc2 = sqrt(1 - beta2^t) come from
 * the host; vmax = 0 means no AMSGrad.
 */
export function adamStep(p: usize, g: usize, m: usize, v: usize, vmax: usize, n: i32, lr: f32, beta1: f32, beta2: f32,
  eps: f32, weightDecay: f32, decoupled: bool, maximize: bool, stepSize: f32, sqrtBc2: f32): void {
  const b1 = f32x4.splat(beta1), b2 = f32x4.splat(beta2), c1 = f32x4.splat(1 - beta1), c2 = f32x4.splat(1 - beta2);
  const wd = f32x4.splat(weightDecay), decay = f32x4.splat(1 - lr * weightDecay);
  const ss = f32x4.splat(stepSize), inv = f32x4.splat(1 / sqrtBc2), ev = f32x4.splat(eps);
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const o = <usize>i << 2;
    let pv = v128.load(p + o);
    let gv = v128.load(g + o);
    if (maximize) gv = f32x4.neg(gv);
    if (weightDecay != 0) {
      if (decoupled) pv = f32x4.mul(pv, decay);
      else gv = f32x4.add(gv, f32x4.mul(wd, pv));
    }
    const mn = f32x4.add(f32x4.mul(b1, v128.load(m + o)), f32x4.mul(c1, gv));
    let vn = f32x4.add(f32x4.mul(b2, v128.load(v + o)), f32x4.mul(c2, f32x4.mul(gv, gv)));
    v128.store(m + o, mn); v128.store(v + o, vn);
    if (vmax != 0) { vn = f32x4.max(vn, v128.load(vmax + o)); v128.store(vmax + o, vn); }
    const den = f32x4.add(f32x4.mul(f32x4.sqrt(vn), inv), ev);
    v128.store(p + o, f32x4.sub(pv, f32x4.div(f32x4.mul(ss, mn), den)));
  }
  for (; i < n; i++) {
    const o = <usize>i << 2;
    let pv = load<f32>(p + o);
    let gv = load<f32>(g + o);
    if (maximize) gv = -gv;
    if (weightDecay != 0) {
      if (decoupled) pv *= 1 - lr * weightDecay;
      else gv += weightDecay * pv;
    }
    const mn = beta1 * load<f32>(m + o) + (1 - beta1) * gv;
    let vn = beta2 * load<f32>(v + o) + (1 - beta2) * gv * gv;
    store<f32>(m + o, mn); store<f32>(v + o, vn);
    if (vmax != 0) { vn = max(vn, load<f32>(vmax + o)); store<f32>(vmax + o, vn); }
    store<f32>(p + o, pv - stepSize * mn / (Mathf.sqrt(vn) / sqrtBc2 + eps));
  }
}

import type { Generator } from '../../src/core/random.js';
import { lifCond, lifCondStep } from '../../src/neuro/neurons/lif-cond.js';
import {
  DIEHL_COOK_DEFAULTS, diehlCookRestStepped, diehlCookExcParams, diehlCookInhParams, diehlCookRestTail, type DiehlCookConfig,
} from '../../src/neuro/benchmarks/diehl-cook.js';

/**
 * The Diehl & Cook network written the plain clock-driven way, as a yardstick for the event-driven
 * `DiehlCook`: every step scans every active input, steps every neuron of both populations, and
 * evaluates every trace of every synapse a rule reads. Delays: conductances wait in a map from
 * arrival step to increments, the post trace of every neuron is kept for every step, depression is
 * applied from them once a spike has reached every target, and a pre trace is read from the full
 * list of an input's spikes. Same model, same random draws in the same order, so the two must agree
 * spike for spike and weight for weight.
 */
export class DiehlCookReference {
  readonly config: DiehlCookConfig;
  readonly weights: Float64Array;
  readonly exc;
  readonly inh;
  synapticEvents = 0;
  time = 0;
  step = 0;
  /** Delay of synapse (j, i) in steps, and the longest + 1. */
  readonly delay: Int32Array;
  private readonly span: number;
  /** Every spike of every input: emission step and time. */
  private readonly spikes: { step: number; time: number }[][] = Array.from({ length: 784 }, () => []);
  /** Inputs that spiked at a step (index order), kept while their spikes are in flight. */
  private readonly emitted = new Map<number, number[]>();
  /** Excitatory conductance arriving at a step, and every neuron's post trace at a step. */
  private readonly arriving = new Map<number, Float64Array>();
  private readonly post1At = new Map<number, Float64Array>();
  private readonly pExc;
  private readonly pInh;
  private readonly post1Last: Float64Array;
  private readonly post2Last: Float64Array;
  private readonly carry: Int32Array;

  constructor(config: Partial<DiehlCookConfig>, private readonly gen: Generator) {
    const c = { ...DIEHL_COOK_DEFAULTS, ...config };
    this.config = c;
    this.pExc = diehlCookExcParams(c);
    this.pInh = diehlCookInhParams(c);
    const n = c.nExc;
    this.weights = new Float64Array(784 * n);
    for (let k = 0; k < this.weights.length; k++) this.weights[k] = (gen.uniform() + 0.01) * 0.3;
    this.delay = new Int32Array(784 * n);
    if (c.inputDelayMax > 0) for (let k = 0; k < this.delay.length; k++) this.delay[k] = Math.floor((gen.uniform() * c.inputDelayMax) / c.dt);
    this.span = Math.max(...this.delay) + 1;
    this.exc = lifCond.init(n, this.pExc);
    this.exc.theta.fill(c.thetaInit);
    this.inh = lifCond.init(n, this.pInh);
    this.post1Last = new Float64Array(n).fill(-Infinity);
    this.post2Last = new Float64Array(n).fill(-Infinity);
    this.carry = new Int32Array(n);
  }

  present(pixels: ArrayLike<number>, learn: boolean): Int32Array {
    const c = this.config, n = c.nExc, w = this.weights;
    const active: number[] = [];
    for (let j = 0; j < 784; j++) if (pixels[j] > 0) active.push(j);
    const counts = new Int32Array(n);
    for (let intensity = c.intensity, tries = 0; tries < 20; intensity += 1, tries++) {
      if (learn) {
        const sums = new Float64Array(n);
        for (let j = 0; j < 784; j++) for (let i = 0; i < n; i++) sums[i] += w[j * n + i];
        for (let i = 0; i < n; i++) sums[i] = sums[i] > 0 ? c.weightSum / sums[i] : 1;
        for (let j = 0; j < 784; j++) for (let i = 0; i < n; i++) w[j * n + i] *= sums[i];
      }
      const logq = active.map((j) => Math.log1p(-Math.min(Math.min(1, (pixels[j] / 8) * intensity * (c.dt / 1000)), 1 - 1e-12)));
      let total = 0;
      for (let i = 0; i < n; i++) { counts[i] = this.carry[i]; total += this.carry[i]; this.carry[i] = 0; }
      total += this.run(Math.round(c.tPresent / c.dt), active, logq, learn, counts);
      const restSteps = Math.round(c.tRest / c.dt), stepped = diehlCookRestStepped(c);
      this.run(stepped, [], [], learn, this.carry);
      diehlCookRestTail(this.exc, this.pExc, this.inh, this.pInh, restSteps - stepped, c.dt, learn);
      this.time += (restSteps - stepped) * c.dt;
      this.step += restSteps - stepped;
      if (total >= c.minSpikes) break;
    }
    return counts;
  }

  /** Post trace of excitatory neuron i at time t (its spikes before this step). */
  private post1(i: number, t: number): number {
    const dtPost = t - this.post1Last[i];
    return dtPost > 40 * this.config.tauPost1 ? 0 : Math.exp(-dtPost / this.config.tauPost1);
  }

  private depress(j: number, i: number, post1: number): void {
    const q = j * this.config.nExc + i, v = this.weights[q] - this.config.nuPre * post1;
    this.weights[q] = v < 0 ? 0 : v;
  }

  private run(steps: number, active: number[], logq: number[], learn: boolean, counts: Int32Array): number {
    const c = this.config, n = c.nExc, dt = c.dt, w = this.weights, t0 = this.time;
    const pExc = learn ? this.pExc : { ...this.pExc, thetaPlus: 0 };
    const excSpikes = new Uint8Array(n), inhSpikes = new Uint8Array(n);
    const gap = (a: number) => Math.floor(Math.log(1 - this.gen.uniform()) / logq[a]);
    const nextStep = active.map((_, a) => gap(a));
    let total = 0;
    for (let k = 0; k < steps; k++) {
      const t = t0 + k * dt, now = this.step + k;
      const emittedNow: number[] = [];
      for (let a = 0; a < active.length; a++) {
        if (nextStep[a] !== k) continue;
        nextStep[a] = k + 1 + gap(a);
        emittedNow.push(active[a]);
        this.spikes[active[a]].push({ step: now, time: t });
      }
      this.emitted.set(now, emittedNow);
      this.emitted.delete(now - this.span);
      if (this.span === 1) {
        // No delays: each spike's row straight onto the conductances, depression at once.
        for (const j of emittedNow) {
          for (let i = 0; i < n; i++) this.exc.gE[i] += w[j * n + i];
          this.synapticEvents += n;
          if (learn) for (let i = 0; i < n; i++) this.depress(j, i, this.post1(i, t));
        }
      } else {
        for (const j of emittedNow) {
          for (let i = 0; i < n; i++) {
            const at = now + this.delay[j * n + i];
            if (!this.arriving.has(at)) this.arriving.set(at, new Float64Array(n));
            this.arriving.get(at)![i] += w[j * n + i];
          }
          this.synapticEvents += n;
        }
        const landing = this.arriving.get(now) ?? new Float64Array(n);
        for (let i = 0; i < n; i++) this.exc.gE[i] += landing[i];
        this.arriving.delete(now);
        this.post1At.set(now, Float64Array.from({ length: n }, (_, i) => this.post1(i, t)));
        this.post1At.delete(now - this.span);
        if (learn) {
          for (const j of this.emitted.get(now - this.span + 1) ?? []) {
            for (let i = 0; i < n; i++) this.depress(j, i, this.post1At.get(now - this.span + 1 + this.delay[j * n + i])![i]);
          }
        }
      }
      lifCondStep(pExc, this.exc, null, dt, excSpikes);
      lifCondStep(this.pInh, this.inh, null, dt, inhSpikes);
      for (let i = 0; i < n; i++) {
        if (!excSpikes[i]) continue;
        counts[i]++; total++;
        this.inh.gE[i] += c.wExcInh; this.synapticEvents++;
        if (!learn) continue;
        const post2 = Math.exp((this.post2Last[i] - t) / c.tauPost2);
        for (let j = 0; j < 784; j++) {
          const d = this.delay[j * n + i];
          let tArr = -Infinity;
          for (let b = this.spikes[j].length - 1; b >= 0; b--) {
            if (this.spikes[j][b].step + d <= now) { tArr = this.spikes[j][b].time + d * dt; break; }
          }
          if (t - tArr > 40 * c.tauPre) continue;
          const v = w[j * n + i] + c.nuPost * post2 * Math.exp((tArr - t) / c.tauPre);
          w[j * n + i] = v > c.wMax ? c.wMax : v;
        }
        this.post1Last[i] = t; this.post2Last[i] = t;
      }
      for (let i = 0; i < n; i++) {
        if (!inhSpikes[i]) continue;
        for (let q = 0; q < n; q++) if (q !== i) this.exc.gI[q] += c.wInhExc;
        this.synapticEvents += n - 1;
      }
    }
    this.time = t0 + steps * dt;
    this.step += steps;
    return total;
  }
}

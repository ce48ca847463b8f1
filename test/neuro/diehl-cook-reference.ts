import type { Generator } from '../../src/core/random.js';
import { lifCond, lifCondStep } from '../../src/neuro/neurons/lif-cond.js';
import {
  DIEHL_COOK_DEFAULTS, REST_STEPPED_MS, diehlCookExcParams, diehlCookInhParams, diehlCookRestTail, type DiehlCookConfig,
} from '../../src/neuro/benchmarks/diehl-cook.js';

/**
 * The Diehl & Cook network written the plain clock-driven way, as a yardstick for the event-driven
 * `DiehlCook`: every step scans every active input, steps every neuron of both populations, and
 * evaluates every trace of every synapse a rule reads. Same model, same random draws in the same
 * order, so the two must agree spike for spike and weight for weight.
 */
export class DiehlCookReference {
  readonly config: DiehlCookConfig;
  readonly weights: Float64Array;
  readonly exc;
  readonly inh;
  synapticEvents = 0;
  time = 0;
  private readonly pExc;
  private readonly pInh;
  private readonly preLast = new Float64Array(784).fill(-Infinity);
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
      const restSteps = Math.round(c.tRest / c.dt), stepped = Math.min(restSteps, Math.round(REST_STEPPED_MS / c.dt));
      this.run(stepped, [], [], learn, this.carry);
      diehlCookRestTail(this.exc, this.pExc, this.inh, this.pInh, restSteps - stepped, c.dt, learn);
      this.time += (restSteps - stepped) * c.dt;
      if (total >= c.minSpikes) break;
    }
    return counts;
  }

  private run(steps: number, active: number[], logq: number[], learn: boolean, counts: Int32Array): number {
    const c = this.config, n = c.nExc, dt = c.dt, w = this.weights, t0 = this.time;
    const pExc = learn ? this.pExc : { ...this.pExc, thetaPlus: 0 };
    const excSpikes = new Uint8Array(n), inhSpikes = new Uint8Array(n);
    const gap = (a: number) => Math.floor(Math.log(1 - this.gen.uniform()) / logq[a]);
    const nextStep = active.map((_, a) => gap(a));
    let total = 0;
    for (let k = 0; k < steps; k++) {
      const t = t0 + k * dt;
      for (let a = 0; a < active.length; a++) {
        if (nextStep[a] !== k) continue;
        nextStep[a] = k + 1 + gap(a);
        const j = active[a];
        for (let i = 0; i < n; i++) this.exc.gE[i] += w[j * n + i];
        this.synapticEvents += n;
        if (!learn) continue;
        for (let i = 0; i < n; i++) {
          const dtPost = t - this.post1Last[i];
          const post1 = dtPost > 40 * c.tauPost1 ? 0 : Math.exp(-dtPost / c.tauPost1);
          const v = w[j * n + i] - c.nuPre * post1;
          w[j * n + i] = v < 0 ? 0 : v;
        }
        this.preLast[j] = t;
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
          if (t - this.preLast[j] > 40 * c.tauPre) continue;
          const v = w[j * n + i] + c.nuPost * post2 * Math.exp((this.preLast[j] - t) / c.tauPre);
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
    return total;
  }
}

import { Tensor } from '../core/tensor.js';
import type { Generator } from '../core/random.js';
import { ShapeError, ValueError } from '../core/errors.js';

function check(who: string, ...arrays: ArrayLike<number>[]): void {
  const n = arrays[0].length;
  if (arrays.some((a) => a.length !== n)) throw new ShapeError(`${who}: predictions, labels and groups must have the same length, got ${arrays.map((a) => a.length).join(', ')}`);
  if (n === 0) throw new ValueError(`${who}: no examples`);
}

/** Groups present, in ascending order. */
function groupsOf(group: ArrayLike<number>): number[] { return [...new Set(Array.from(group))].sort((a, b) => a - b); }

/**
 * Demographic parity difference: the largest gap between groups in the rate of positive
 * predictions, max_g P(ŷ = 1 | A = g) − min_g P(ŷ = 1 | A = g) (0 is parity).
 * @example demographicParityDifference([1, 0, 1, 1], [0, 0, 1, 1]).difference; // 0.5
 */
export function demographicParityDifference(pred: ArrayLike<number>, group: ArrayLike<number>): { difference: number; rates: Record<number, number> } {
  check('demographicParityDifference', pred, group);
  const rates: Record<number, number> = {};
  for (const g of groupsOf(group)) {
    let pos = 0, n = 0;
    for (let i = 0; i < pred.length; i++) if (group[i] === g) { n++; if (pred[i] === 1) pos++; }
    rates[g] = pos / n;
  }
  const r = Object.values(rates);
  return { difference: Math.max(...r) - Math.min(...r), rates };
}

/**
 * Equalised odds (Hardt, Price & Srebro 2016): true- and false-positive rates should match
 * across groups; reports the largest gap of each and their maximum.
 * @example equalisedOdds(pred, labels, group).maxDifference;
 */
export function equalisedOdds(pred: ArrayLike<number>, label: ArrayLike<number>, group: ArrayLike<number>):
  { tprDifference: number; fprDifference: number; maxDifference: number; tpr: Record<number, number>; fpr: Record<number, number> } {
  check('equalisedOdds', pred, label, group);
  const tpr: Record<number, number> = {}, fpr: Record<number, number> = {};
  for (const g of groupsOf(group)) {
    let tp = 0, p = 0, fp = 0, n = 0;
    for (let i = 0; i < pred.length; i++) {
      if (group[i] !== g) continue;
      if (label[i] === 1) { p++; if (pred[i] === 1) tp++; } else { n++; if (pred[i] === 1) fp++; }
    }
    tpr[g] = p ? tp / p : NaN; fpr[g] = n ? fp / n : NaN;
  }
  const gap = (r: Record<number, number>) => { const v = Object.values(r).filter(Number.isFinite); return v.length ? Math.max(...v) - Math.min(...v) : 0; };
  const tprDifference = gap(tpr), fprDifference = gap(fpr);
  return { tprDifference, fprDifference, maxDifference: Math.max(tprDifference, fprDifference), tpr, fpr };
}

/**
 * A synthetic lending data set with a binary sensitive attribute A. Repayment depends only on a
 * latent ability; the recorded income is shifted down for A = 1 (a structural disadvantage) and a
 * "postcode" feature correlates with A, so a model can be unfair even without seeing A.
 * Features: [income, savings, postcode, A]. Labels: 1 = repaid.
 * @example const d = syntheticLending(new Generator(0), 2000);
 */
export function syntheticLending(g: Generator, n: number, opts: { incomeGap?: number; proxyStrength?: number } = {}): { x: Tensor; y: Int32Array; group: Int32Array } {
  const gap = opts.incomeGap ?? 1, proxy = opts.proxyStrength ?? 0.8;
  const x = new Float32Array(n * 4), y = new Int32Array(n), group = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const a = g.uniform() < 0.5 ? 1 : 0, ability = g.normal();
    x[i * 4] = ability + 0.5 * g.normal() - gap * a;
    x[i * 4 + 1] = 0.5 * ability + g.normal();
    x[i * 4 + 2] = (g.uniform() < proxy ? a : 1 - a) + 0.1 * g.normal();
    x[i * 4 + 3] = a;
    y[i] = ability + 0.3 * g.normal() > 0 ? 1 : 0;
    group[i] = a;
  }
  return { x: new Tensor(x, [n, 4]), y, group };
}

import { ValueError } from '../../core/errors.js';

/**
 * Running per-class sums of each neuron's responses, enough to assign labels without keeping every
 * example's counts (a 60k × 400 table would be 96 MB). Integer sums: exact, and checkpointable.
 * @example const t = new ResponseTally(100); t.add(counts, label); const labels = t.assign();
 */
export class ResponseTally {
  /** [classes][nExc] summed spike counts. */
  readonly sums: Int32Array;
  /** Examples seen per class. */
  readonly perClass: Int32Array;

  constructor(readonly nExc: number, readonly classes = 10) {
    this.sums = new Int32Array(classes * nExc);
    this.perClass = new Int32Array(classes);
  }

  add(counts: ArrayLike<number>, label: number): void {
    if (!(Number.isInteger(label) && label >= 0 && label < this.classes)) throw new ValueError(`ResponseTally.add: label ${label} outside 0..${this.classes - 1}`);
    if (counts.length !== this.nExc) throw new ValueError(`ResponseTally.add: ${counts.length} counts for ${this.nExc} neurons`);
    this.perClass[label]++;
    const row = label * this.nExc;
    for (let i = 0; i < this.nExc; i++) this.sums[row + i] += counts[i];
  }

  /** Each neuron's class of highest mean response (ties: the lower class). */
  assign(): Int32Array {
    const { nExc, classes, sums, perClass } = this, out = new Int32Array(nExc);
    for (let i = 0; i < nExc; i++) {
      let best = -1, bestRate = -1;
      for (let y = 0; y < classes; y++) {
        const r = perClass[y] ? sums[y * nExc + i] / perClass[y] : 0;
        if (r > bestRate) { bestRate = r; best = y; }
      }
      out[i] = best;
    }
    return out;
  }
}

/**
 * Assigns each neuron the class for which its mean response is highest (Diehl & Cook 2015).
 * `counts` is [examples][nExc] flattened.
 * @example const labels = assignLabels(counts, trainLabels, 100);
 */
export function assignLabels(counts: Int32Array, labels: ArrayLike<number>, nExc: number, classes = 10): Int32Array {
  const m = labels.length;
  if (counts.length !== m * nExc) throw new ValueError(`assignLabels: counts have ${counts.length} entries, expected examples·nExc = ${m}·${nExc}`);
  const tally = new ResponseTally(nExc, classes);
  for (let e = 0; e < m; e++) tally.add(counts.subarray(e * nExc, (e + 1) * nExc), labels[e]);
  return tally.assign();
}

/**
 * Predicts the class whose assigned neurons fire most on average (Diehl & Cook 2015, "all" voting).
 * @example classifyByAssignment(counts, assignments); // 0-9
 */
export function classifyByAssignment(counts: ArrayLike<number>, assignments: Int32Array, classes = 10): number {
  const sum = new Float64Array(classes), num = new Int32Array(classes);
  for (let i = 0; i < assignments.length; i++) { sum[assignments[i]] += counts[i]; num[assignments[i]]++; }
  let best = 0, bestRate = -1;
  for (let y = 0; y < classes; y++) {
    const r = num[y] ? sum[y] / num[y] : 0;
    if (r > bestRate) { bestRate = r; best = y; }
  }
  return best;
}

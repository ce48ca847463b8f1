import { ValueError } from '../../core/errors.js';

/**
 * Assigns each neuron the class for which its mean response is highest (Diehl & Cook 2015).
 * `counts` is [examples][nExc] flattened.
 * @example const labels = assignLabels(counts, trainLabels, 100);
 */
export function assignLabels(counts: Int32Array, labels: ArrayLike<number>, nExc: number, classes = 10): Int32Array {
  const m = labels.length;
  if (counts.length !== m * nExc) throw new ValueError(`assignLabels: counts have ${counts.length} entries, expected examples·nExc = ${m}·${nExc}`);
  const sum = new Float64Array(classes * nExc), per = new Int32Array(classes);
  for (let e = 0; e < m; e++) {
    const y = labels[e]; per[y]++;
    for (let i = 0; i < nExc; i++) sum[y * nExc + i] += counts[e * nExc + i];
  }
  const out = new Int32Array(nExc);
  for (let i = 0; i < nExc; i++) {
    let best = -1, bestRate = -1;
    for (let y = 0; y < classes; y++) {
      const r = per[y] ? sum[y * nExc + i] / per[y] : 0;
      if (r > bestRate) { bestRate = r; best = y; }
    }
    out[i] = best;
  }
  return out;
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

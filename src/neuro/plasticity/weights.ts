import { ValueError } from '../../core/errors.js';
import { requirePositiveInt } from '../validate.js';

/**
 * Hard weight bounds: clips every weight into [wMin, wMax] in place.
 * @example clipWeights(w, 0, 1);
 */
export function clipWeights(w: Float64Array | Float32Array, wMin: number, wMax: number): void {
  if (!(wMin <= wMax)) throw new ValueError(`clipWeights: wMin (${wMin}) must be <= wMax (${wMax})`);
  for (let k = 0; k < w.length; k++) w[k] = w[k] < wMin ? wMin : w[k] > wMax ? wMax : w[k];
}

/**
 * Multiplicative normalisation of each row of a [rows, cols] matrix to sum to `target`: the
 * weights into one postsynaptic neuron share a fixed budget (Diehl & Cook 2015 use 78 for 784
 * inputs). Rows that sum to 0 are left alone.
 * @example normalizeRows(w, 100, 784, 78);
 */
export function normalizeRows(w: Float64Array | Float32Array, rows: number, cols: number, target: number): void {
  requirePositiveInt('normalizeRows', 'rows', rows);
  requirePositiveInt('normalizeRows', 'cols', cols);
  if (w.length !== rows * cols) throw new ValueError(`normalizeRows: weights have ${w.length} entries, expected rows·cols = ${rows}·${cols} = ${rows * cols}`);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += w[r * cols + c];
    if (s === 0) continue;
    const k = target / s;
    for (let c = 0; c < cols; c++) w[r * cols + c] *= k;
  }
}

/** Scales each row of a [rows, cols] matrix to unit Euclidean norm (rows of zeros are left alone). */
export function normalizeRowsL2(w: Float64Array | Float32Array, rows: number, cols: number): void {
  if (w.length !== rows * cols) throw new ValueError(`normalizeRowsL2: weights have ${w.length} entries, expected ${rows}·${cols}`);
  for (let r = 0; r < rows; r++) {
    let s = 0;
    for (let c = 0; c < cols; c++) s += w[r * cols + c] ** 2;
    if (s === 0) continue;
    const k = 1 / Math.sqrt(s);
    for (let c = 0; c < cols; c++) w[r * cols + c] *= k;
  }
}

import type { Generator } from '../../core/random.js';
import { ValueError } from '../../core/errors.js';
import { requireInRange, requirePositiveInt } from '../validate.js';

/**
 * Sparse connectivity in compressed sparse row form, rows = presynaptic neurons: the targets of
 * pre neuron j are `post[rowPtr[j] .. rowPtr[j + 1])`. A spike then walks one contiguous slice,
 * which is what makes event-driven propagation cheap.
 */
export interface Connectivity {
  readonly nPre: number;
  readonly nPost: number;
  readonly rowPtr: Int32Array;
  readonly post: Int32Array;
}

/** Number of synapses. */
export function synapseCount(c: Connectivity): number { return c.rowPtr[c.nPre]; }

/**
 * Random connectivity: each (pre, post) pair is connected independently with probability p
 * (Brette et al. 2007 use 2%). Draws geometric gaps between successes, so the cost is proportional
 * to the number of synapses, not of pairs.
 * @example fixedProbability(3200, 4000, 0.02, new Generator(1)); // ~256k synapses
 */
export function fixedProbability(nPre: number, nPost: number, p: number, gen: Generator, opts: { allowSelf?: boolean } = {}): Connectivity {
  requirePositiveInt('fixedProbability', 'nPre', nPre);
  requirePositiveInt('fixedProbability', 'nPost', nPost);
  requireInRange('fixedProbability', 'connection probability p', p, 0, 1);
  const allowSelf = opts.allowSelf ?? true;
  const rowPtr = new Int32Array(nPre + 1);
  let post = new Int32Array(Math.max(16, Math.ceil(nPre * nPost * p * 1.1) + 64));
  let count = 0;
  const logq = Math.log1p(-p);
  for (let j = 0; j < nPre; j++) {
    rowPtr[j] = count;
    if (p === 0) continue;
    let i = -1;
    for (;;) {
      // Gap to the next success of a Bernoulli(p) sequence is geometric: floor(ln U / ln(1 − p)).
      i += p === 1 ? 1 : 1 + Math.floor(Math.log(1 - gen.uniform()) / logq);
      if (i >= nPost) break;
      if (!allowSelf && i === j) continue;
      if (count === post.length) { const grown = new Int32Array(post.length * 2); grown.set(post); post = grown; }
      post[count++] = i;
    }
  }
  rowPtr[nPre] = count;
  return { nPre, nPost, rowPtr, post: post.slice(0, count) };
}

/**
 * Neuron i to neuron i.
 * @example oneToOne(100).post.length; // 100
 */
export function oneToOne(n: number): Connectivity {
  requirePositiveInt('oneToOne', 'n', n);
  const rowPtr = new Int32Array(n + 1), post = new Int32Array(n);
  for (let i = 0; i < n; i++) { rowPtr[i] = i; post[i] = i; }
  rowPtr[n] = n;
  return { nPre: n, nPost: n, rowPtr, post };
}

/**
 * Every pre neuron to every post neuron (dense), optionally without i → i.
 * @example allToAll(784, 100).post.length; // 78400
 */
export function allToAll(nPre: number, nPost: number, opts: { allowSelf?: boolean } = {}): Connectivity {
  requirePositiveInt('allToAll', 'nPre', nPre);
  requirePositiveInt('allToAll', 'nPost', nPost);
  const allowSelf = opts.allowSelf ?? true;
  const rowPtr = new Int32Array(nPre + 1);
  const post = new Int32Array(nPre * nPost - (allowSelf ? 0 : Math.min(nPre, nPost)));
  let c = 0;
  for (let j = 0; j < nPre; j++) {
    rowPtr[j] = c;
    for (let i = 0; i < nPost; i++) if (allowSelf || i !== j) post[c++] = i;
  }
  rowPtr[nPre] = c;
  return { nPre, nPost, rowPtr, post };
}

/** Checks a CSR structure against the populations it joins. */
export function validateConnectivity(where: string, c: Connectivity, nPre: number, nPost: number): void {
  if (c.nPre !== nPre || c.nPost !== nPost) {
    throw new ValueError(`${where}: connectivity is ${c.nPre} → ${c.nPost} but the populations have ${nPre} (pre) and ${nPost} (post) neurons; build it for ${nPre} → ${nPost}`);
  }
  if (c.rowPtr.length !== nPre + 1) throw new ValueError(`${where}: rowPtr has length ${c.rowPtr.length}, expected nPre + 1 = ${nPre + 1}`);
}

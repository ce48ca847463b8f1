import { AlchemyError } from '../core/errors.js';

/** A mistake in how the command was called: printed as one line, exit code 2. */
export class UsageError extends AlchemyError {}

/** Levenshtein distance, for "did you mean" suggestions. */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...new Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) for (let j = 1; j <= b.length; j++) {
    d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
  }
  return d[a.length][b.length];
}

/** The closest candidate within a small distance, or undefined. */
export function suggest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined, bd = Infinity;
  for (const c of candidates) { const d = editDistance(word, c); if (d < bd) { bd = d; best = c; } }
  return bd <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

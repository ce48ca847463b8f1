import type { ExperimentResult, Reference } from '../experiments/types.js';
import { esc, renderFigure } from './svg.js';

export interface ReportSection {
  name: string;
  title: string;
  description: string;
  config: Record<string, unknown>;
  result: ExperimentResult;
  seconds: number;
}

function fmtValue(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(3) : v.toFixed(4);
  return esc(String(v));
}

function refRow(r: Reference): string {
  const mark = r.reached === undefined ? '' : r.reached ? '<span class="ok">reached</span>' : '<span class="no">not reached</span>';
  return `<tr><td>${esc(r.metric)}</td><td>${fmtValue(r.measured)}</td><td>${esc(r.published)}</td><td>${esc(r.source)}</td><td>${mark}</td></tr>`;
}

export function sectionHtml(s: ReportSection): string {
  const m = Object.entries(s.result.metrics).map(([k, v]) => `<tr><td>${esc(k)}</td><td>${fmtValue(v)}</td></tr>`).join('');
  const refs = s.result.references?.length
    ? `<h3>Against the literature</h3><table><tr><th>metric</th><th>measured</th><th>published</th><th>source</th><th></th></tr>${s.result.references.map(refRow).join('')}</table>` : '';
  const figs = (s.result.figures ?? []).map((f) => `<figure>${renderFigure(f)}${f.caption ? `<figcaption>${esc(f.caption)}</figcaption>` : ''}</figure>`).join('');
  const notes = s.result.notes?.length ? `<h3>Notes</h3><ul>${s.result.notes.map((n) => `<li>${esc(n)}</li>`).join('')}</ul>` : '';
  const cfg = Object.entries(s.config).map(([k, v]) => `${esc(k)}=${esc(String(v))}`).join(' · ');
  return `<section id="${esc(s.name)}"><h2>${esc(s.title)} <small>${esc(s.name)}</small></h2><p>${esc(s.description)}</p>`
    + `<p class="cfg">${cfg} · ${s.seconds.toFixed(1)} s</p><h3>Metrics</h3><table>${m}</table>${refs}<div class="figs">${figs}</div>${notes}</section>`;
}

const STYLE = `body{font-family:system-ui,sans-serif;max-width:1200px;margin:2em auto;padding:0 1em;color:#222}
h1{font-size:1.6em}h2{border-bottom:1px solid #ddd;padding-bottom:.2em}h2 small{color:#888;font-weight:normal;font-size:.6em}
table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ddd;padding:.25em .6em;text-align:left}
.figs{display:flex;flex-wrap:wrap;gap:1em}figure{margin:0}figcaption{font-size:.85em;color:#555;max-width:560px}
.cfg{color:#666;font-size:.85em}.ok{color:#1a7f37;font-weight:600}.no{color:#b42318;font-weight:600}svg{max-width:100%;height:auto}`;

/**
 * A self-contained HTML report: inline SVG figures and CSS, no scripts, no network.
 * @example writeFileSync('report.html', reportHtml('mnist-mlp', [section]))
 */
export function reportHtml(title: string, sections: ReportSection[], summary?: string): string {
  const toc = sections.length > 1 ? `<nav><ol>${sections.map((s) => `<li><a href="#${esc(s.name)}">${esc(s.title)}</a></li>`).join('')}</ol></nav>` : '';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)}</title>`
    + `<meta name="viewport" content="width=device-width, initial-scale=1"><style>${STYLE}</style></head><body>`
    + `<h1>${esc(title)}</h1><p class="cfg">Neural Alchemy report · ${new Date().toISOString()}</p>${summary ?? ''}${toc}${sections.map(sectionHtml).join('')}</body></html>`;
}

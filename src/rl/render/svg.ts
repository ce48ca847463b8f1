/** Small SVG building blocks for environment frames (standalone documents, no external resources). */

/** Escapes text for use inside SVG/XML. */
export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' }[c]!));
}

/**
 * Wraps SVG elements in a standalone document of the given pixel size.
 *
 * @example
 * svgDocument(100, 50, '<circle cx="25" cy="25" r="10"/>');
 */
export function svgDocument(width: number, height: number, body: string, title?: string): string {
  const t = title ? `<title>${escapeXml(title)}</title>` : '';
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">${t}${body}</svg>`;
}

/** A number rounded for SVG attributes (keeps files small and diffs stable). */
export function px(v: number): string { return String(Math.round(v * 100) / 100); }

export interface GridCell { fill: string; label?: string }

/**
 * A grid world frame: one square per cell, an optional label per cell, and the agent as a circle.
 *
 * @example
 * gridSvg(2, 2, (r, c) => ({ fill: r === c ? '#ddd' : '#fff' }), { row: 0, col: 1 });
 */
export function gridSvg(rows: number, cols: number, cell: (r: number, c: number) => GridCell, agent: { row: number; col: number } | null, title?: string, size = 32): string {
  let body = '';
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const { fill, label } = cell(r, c);
      body += `<rect x="${c * size}" y="${r * size}" width="${size}" height="${size}" fill="${fill}" stroke="#999" stroke-width="1"/>`;
      if (label) body += `<text x="${c * size + size / 2}" y="${r * size + size / 2 + 5}" font-family="sans-serif" font-size="${Math.round(size * 0.45)}" text-anchor="middle">${escapeXml(label)}</text>`;
    }
  }
  if (agent) body += `<circle cx="${agent.col * size + size / 2}" cy="${agent.row * size + size / 2}" r="${size * 0.3}" fill="#d62728"/>`;
  return svgDocument(cols * size, rows * size, body, title);
}

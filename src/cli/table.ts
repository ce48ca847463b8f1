/** Plain text table with padded columns. */
export function table(rows: string[][], header?: string[]): string {
  const all = header ? [header, ...rows] : rows;
  const w = all[0]?.map((_, j) => Math.max(...all.map((r) => (r[j] ?? '').length))) ?? [];
  const line = (r: string[]) => r.map((c, j) => (c ?? '').padEnd(w[j])).join('  ').trimEnd();
  const out = all.map(line);
  if (header) out.splice(1, 0, w.map((n) => '-'.repeat(n)).join('  '));
  return out.join('\n');
}

export function fmtMetric(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : Math.abs(v) < 1e-3 || Math.abs(v) >= 1e5 ? v.toExponential(3) : v.toFixed(4);
  return String(v);
}

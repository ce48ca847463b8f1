/**
 * Splits [0, total) into at most `parts` contiguous ranges whose starts are multiples of `align`
 * (the micro-kernel's tile edge), each at least `minSize` long so no thread gets a sliver.
 * @example splitRange(64, 2, 4, 8); // [[0, 32], [32, 64]]
 */
export function splitRange(total: number, parts: number, align: number, minSize: number): [number, number][] {
  const most = Math.max(1, Math.floor(total / Math.max(minSize, 1)));
  const p = Math.max(1, Math.min(parts, most));
  const chunk = Math.ceil(total / p / align) * align;
  const out: [number, number][] = [];
  for (let s = 0; s < total; s += chunk) out.push([s, Math.min(total, s + chunk)]);
  if (out.length === 0) out.push([0, total]);
  return out;
}

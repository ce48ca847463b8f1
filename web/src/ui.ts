/** Tiny DOM helpers: the playground uses no UI framework. */
export function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const c of children) e.append(c);
  return e;
}

/** A labelled range slider; `onInput` gets the clamped value. */
export function slider(label: string, min: number, max: number, step: number, value: number, onInput: (v: number) => void, testId?: string): HTMLLabelElement {
  const input = el('input', { type: 'range', min: String(min), max: String(max), step: String(step), value: String(value) });
  if (testId) input.dataset.testid = testId;
  const out = el('span', { class: 'muted' }, String(value));
  input.addEventListener('input', () => { const v = Number(input.value); out.textContent = String(v); onInput(v); });
  return el('label', {}, `${label} `, input, ' ', out);
}

export function select(label: string, options: string[], value: string, onChange: (v: string) => void, testId?: string): HTMLLabelElement {
  const s = el('select');
  if (testId) s.dataset.testid = testId;
  for (const o of options) { const opt = el('option', { value: o }, o); if (o === value) opt.selected = true; s.append(opt); }
  s.addEventListener('change', () => onChange(s.value));
  return el('label', {}, `${label} `, s);
}

export function button(text: string, onClick: () => void, cls = '', testId?: string): HTMLButtonElement {
  const b = el('button', cls ? { class: cls } : {}, text);
  if (testId) b.dataset.testid = testId;
  b.addEventListener('click', onClick);
  return b;
}

/** Draws a polyline plot of `ys` (auto-scaled) into a canvas. */
export function plotLine(c: HTMLCanvasElement, series: { ys: ArrayLike<number>; color: string }[], opts: { yMin?: number; yMax?: number; label?: string } = {}): void {
  const g = c.getContext('2d')!;
  g.clearRect(0, 0, c.width, c.height);
  let lo = opts.yMin ?? Infinity, hi = opts.yMax ?? -Infinity;
  for (const s of series) for (let i = 0; i < s.ys.length; i++) { const v = s.ys[i]; if (Number.isFinite(v)) { if (opts.yMin === undefined) lo = Math.min(lo, v); if (opts.yMax === undefined) hi = Math.max(hi, v); } }
  if (!(hi > lo)) { hi = lo + 1; }
  const pad = 6;
  g.strokeStyle = '#eee'; g.beginPath(); g.moveTo(pad, c.height - pad); g.lineTo(c.width - pad, c.height - pad); g.stroke();
  for (const s of series) {
    const n = s.ys.length;
    if (n < 1) continue;
    g.strokeStyle = s.color; g.lineWidth = 1.5; g.beginPath();
    for (let i = 0; i < n; i++) {
      const x = pad + (i / Math.max(1, n - 1)) * (c.width - 2 * pad);
      const y = c.height - pad - ((s.ys[i] - lo) / (hi - lo)) * (c.height - 2 * pad);
      if (i) g.lineTo(x, y); else g.moveTo(x, y);
    }
    g.stroke();
  }
  g.fillStyle = '#555'; g.font = '11px system-ui';
  g.fillText(`${+hi.toPrecision(3)}`, 2, 11); g.fillText(`${+lo.toPrecision(3)}`, 2, c.height - 2);
  if (opts.label) g.fillText(opts.label, c.width - 8 - g.measureText(opts.label).width, 11);
}

/** Clamps v into [min, max]; reports whether it had to. */
export function clampNote(v: number, min: number, max: number): [number, boolean] {
  if (!Number.isFinite(v)) return [min, true];
  const c = Math.min(max, Math.max(min, v));
  return [c, c !== v];
}

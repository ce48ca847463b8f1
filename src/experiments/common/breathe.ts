let last = 0;

/**
 * Lets the event loop run (so Ctrl-C reaches ctx.signal) at most every `ms` milliseconds.
 * Long synchronous loops call `await breathe()` once per batch; it costs nothing in between.
 * @example for (const [x, y] of loader) { await breathe(); if (ctx.signal.aborted) break; ... }
 */
export async function breathe(ms = 100): Promise<void> {
  const now = performance.now();
  if (now - last < ms) return;
  last = now;
  await new Promise<void>((r) => setImmediate(r));
}

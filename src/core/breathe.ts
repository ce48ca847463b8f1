let last = 0;

/** setImmediate in Node; a zero-delay timer elsewhere (browsers). */
const soon: (f: () => void) => void = typeof setImmediate === 'function' ? (f) => { setImmediate(f); } : (f) => { setTimeout(f, 0); };

/**
 * Lets the event loop run (so Ctrl-C reaches an AbortSignal, and pages stay responsive) at most
 * every `ms` milliseconds. Long synchronous loops call `await breathe()` once per batch or step; it
 * costs nothing in between.
 * @example for (const [x, y] of loader) { await breathe(); if (ctx.signal.aborted) break; ... }
 */
export async function breathe(ms = 100): Promise<void> {
  const now = performance.now();
  if (now - last < ms) return;
  last = now;
  await new Promise<void>((r) => soon(r));
}

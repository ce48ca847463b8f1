import { loadWasmBackend, wasmThreads, wasmRuntime, wasmBuild } from '../../src/backend/wasm/index.js';
import { jsBackend } from '../../src/backend/js/index.js';
import workerUrl from '../../src/backend/wasm/web-worker.ts?worker&url';
import { registerBackend, setBackend, getBackend, backend, setNumThreads } from '../../src/backend/registry.js';

// The kernels, for experiments in the browser console: alchemy.backend().matmul(...), alchemy.setNumThreads(1).
Object.assign(globalThis, { alchemy: { backend, getBackend, setBackend, setNumThreads, jsBackend, wasmThreads, wasmBuild,
  workerTasks: () => wasmRuntime()?.pool.dispatched ?? 0 } });

type Mount = (root: HTMLElement) => () => void;
const PAGES: Record<string, () => Promise<{ mount: Mount }>> = {
  playground: () => import('./pages/playground.js'),
  neurons: () => import('./pages/neurons.js'),
  digits: () => import('./pages/digits.js'),
  rl: () => import('./pages/rl.js'),
};

let cleanup: (() => void) | null = null;

async function show(): Promise<void> {
  const name = location.hash.replace('#', '') || 'playground';
  const page = PAGES[name] ? name : 'playground';
  document.querySelectorAll('nav a').forEach((a) => a.classList.toggle('active', (a as HTMLElement).dataset.page === page));
  const root = document.getElementById('app')!;
  cleanup?.();
  cleanup = null;
  root.replaceChildren();
  try {
    const mod = await PAGES[page]();
    cleanup = mod.mount(root);
  } catch (e) {
    const box = document.createElement('p');
    box.className = 'error';
    box.textContent = `This page failed to load: ${(e as Error).message}. Reload the page; if it persists, rebuild with npm run web:build.`;
    root.append(box);
  }
}

async function start(): Promise<void> {
  const status = document.getElementById('backend-status')!;
  try {
    // The wasm kernels are copied next to the app by the build (see vite.config.ts publicDir).
    const b = await loadWasmBackend(new URL('./wasm/', document.baseURI), { workerUrl });
    if (b) { registerBackend(b); setBackend(b.name); }
  } catch { /* the js backend works everywhere */ }
  const threads = getBackend() === 'wasm' ? wasmThreads() : 1;
  status.textContent = `backend: ${getBackend()}${crossOriginIsolated ? ' · isolated' : ''} · ${threads} thread${threads > 1 ? 's' : ''}`;
  status.dataset.threads = String(threads);
  window.addEventListener('hashchange', () => { void show(); });
  await show();
}

void start();

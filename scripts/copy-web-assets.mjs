// Copies the compiled wasm kernels into the web app's public folder so the static build is self-contained.
import { mkdirSync, copyFileSync, readdirSync } from 'node:fs';
mkdirSync('web/public/wasm', { recursive: true });
for (const f of readdirSync('wasm')) if (f.endsWith('.wasm')) copyFileSync(`wasm/${f}`, `web/public/wasm/${f}`);

import { defineConfig } from 'vite';
import { fileURLToPath } from 'node:url';

// Cross-origin isolation lets browsers share wasm memory with workers (threads).
const isolation = { 'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp' };

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: './',
  server: { host: '127.0.0.1', port: 5173, strictPort: false, headers: isolation, fs: { allow: ['..'] } },
  preview: { host: '127.0.0.1', headers: isolation },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 2000 },
});

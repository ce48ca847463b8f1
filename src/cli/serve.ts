import { createServer, type Server } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8', '.js': 'text/javascript; charset=utf-8', '.css': 'text/css; charset=utf-8',
  '.wasm': 'application/wasm', '.json': 'application/json', '.svg': 'image/svg+xml', '.png': 'image/png',
  '.safetensors': 'application/octet-stream', '.ico': 'image/x-icon', '.txt': 'text/plain; charset=utf-8',
};

/**
 * A static file server for the built playground: bound to 127.0.0.1 only, serving files under
 * `root` only (no traversal, no directory listings), with the cross-origin-isolation headers
 * that let browsers run wasm threads.
 * @example const s = await serveStatic('web/dist', 8080); // http://127.0.0.1:8080/
 */
export async function serveStatic(root: string, port = 0): Promise<{ server: Server; url: string }> {
  const base = resolve(root);
  const server = createServer(async (req, res) => {
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin', 'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin', 'X-Content-Type-Options': 'nosniff',
    };
    try {
      if (req.method !== 'GET' && req.method !== 'HEAD') { res.writeHead(405, headers).end('method not allowed'); return; }
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      let rel: string;
      try { rel = decodeURIComponent(url.pathname); } catch { res.writeHead(400, headers).end('bad path'); return; }
      if (rel.includes('\0')) { res.writeHead(400, headers).end('bad path'); return; }
      let file = normalize(join(base, rel));
      if (file !== base && !file.startsWith(base + sep)) { res.writeHead(403, headers).end('forbidden'); return; }
      const s = await stat(file).catch(() => null);
      if (s?.isDirectory()) file = join(file, 'index.html');
      const body = await readFile(file).catch(() => null);
      if (!body) { res.writeHead(404, headers).end('not found'); return; }
      res.writeHead(200, { ...headers, 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' });
      res.end(req.method === 'HEAD' ? undefined : body);
    } catch {
      res.writeHead(500, headers).end('server error');
    }
  });
  await new Promise<void>((ok, fail) => { server.once('error', fail); server.listen(port, '127.0.0.1', () => ok()); });
  const addr = server.address();
  const p = typeof addr === 'object' && addr ? addr.port : port;
  return { server, url: `http://127.0.0.1:${p}/` };
}

// A static file server over the repository on 127.0.0.1 (ephemeral port),
// plus extra routes given as { '/path': { type, body } }.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const TYPES = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.mjs': 'text/javascript', '.json': 'application/json', '.wasm': 'application/wasm' };

export async function serveStatic(routes = {}) {
  routes = { '/favicon.ico': { type: 'image/x-icon', body: '' }, ...routes };
  const server = createServer(async (req, res) => {
    const path = normalize(decodeURIComponent(new URL(req.url, 'http://x').pathname));
    if (routes[path]) {
      res.writeHead(200, { 'content-type': routes[path].type, 'cache-control': 'no-store' });
      return res.end(routes[path].body);
    }
    if (path.includes('..')) return res.writeHead(403).end();
    try {
      const data = await readFile(join(root, path));
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'application/octet-stream', 'cache-control': 'no-store' });
      res.end(data);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => {
    server.close(r);
    server.closeAllConnections();
  }) };
}

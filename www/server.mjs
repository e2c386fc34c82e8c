// The server behind scripts/play: the playground page (www/), the package it
// runs on (pkg/dist), and a demo endpoint protected by the verifier.
//   PORT (default 8787)  HOSTSIGN_TOKEN (default "playground-token")
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sign } from 'wechat-hostsign';
import { hostsign } from 'wechat-hostsign/express';

const root = fileURLToPath(new URL('..', import.meta.url));
const port = Number(process.env.PORT ?? 8787);
const token = process.env.HOSTSIGN_TOKEN ?? 'playground-token';
// The package's own middleware, on plain node:http: 401 { error, message } on failure.
const guard = hostsign({ token });
const types = { '.html': 'text/html; charset=utf-8', '.js': 'text/javascript', '.css': 'text/css', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml', '.json': 'application/json' };

/** Static files: / and /www/... from www/, /pkg/... from pkg/dist. Throws URIError for a malformed escape (`/%`). */
function staticPath(url) {
  const path = normalize(decodeURIComponent(url.pathname));
  if (path === '/' || path === '/index.html') return join(root, 'www', 'index.html');
  if (path.startsWith('/pkg/')) return join(root, 'pkg', 'dist', path.slice(5));
  if (!path.includes('..') && !path.startsWith('/server')) return join(root, 'www', path.slice(1));
  return null;
}

/**
 * The demo endpoint, /api/*, behind the Node middleware: 200 for a verified
 * request, 401 {"error": CODE, "message": ...} otherwise (the middleware's default).
 */
function api(req, res) {
  guard(req, res, () => {
    const { appid, version, age } = req.hostsign;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true, hello: appid, version, age }));
  });
}

/**
 * A request target this server cannot read (`/%`, `/%E0%A4%A`, `//`):
 * 400, and the server goes on serving. Any page the developer visits can
 * send such a request to 127.0.0.1.
 */
function badRequest(res) {
  res.writeHead(400, { 'content-type': 'text/plain' }).end('bad request');
}

export function handler(req, res) {
  let url;
  try {
    url = new URL(req.url, 'http://127.0.0.1');
  } catch {
    return badRequest(res); // `//` and the like: no URL at all
  }
  if (url.pathname.startsWith('/api/')) return api(req, res);
  let file;
  try {
    file = staticPath(url);
  } catch (e) {
    if (e instanceof URIError) return badRequest(res);
    throw e;
  }
  if (!file) return void res.writeHead(404).end();
  readFile(file).then(
    (data) => res.writeHead(200, { 'content-type': types[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(data),
    () => res.writeHead(404, { 'content-type': 'text/plain' }).end('not found'),
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = createServer(handler);
  server.listen(port, '127.0.0.1', () => {
    const { port: actual } = server.address(); // PORT=0 picks a free port (the tests do)
    const s = sign({ appid: 'wx0123456789abcdef', token, version: 1 });
    console.log(`playground: http://127.0.0.1:${actual}/`);
    // The token itself is printed only when it is the playground's default, never one from the environment.
    console.log(`demo endpoint (token ${process.env.HOSTSIGN_TOKEN ? 'from HOSTSIGN_TOKEN' : `"${token}"`}), valid for 11 minutes:`);
    console.log(`  curl -s -i http://127.0.0.1:${actual}/api/hello -H 'Referer: ${s.referer}' -H 'X-WECHAT-HOSTSIGN: ${s.hostsign}'`);
  });
}

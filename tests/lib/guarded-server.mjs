// A server on 127.0.0.1 (a free port) guarded by the package's Express
// middleware over plain node:http: 200 {"appid"} for a verified request,
// the middleware's 401 {error, message} otherwise. For tests that need a
// real backend (the CLI's curl command, the plugin-side retry).
import { createServer } from 'node:http';
import { hostsign } from 'wechat-hostsign/express';

/** Resolves to { url: '…/api/hello', close() }. */
export async function guardedServer(token) {
  const check = hostsign({ token });
  const server = createServer((req, res) => {
    if (!check(req, res).ok) return;
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ appid: req.hostsign.appid }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return { url: `http://127.0.0.1:${server.address().port}/api/hello`, close: () => new Promise((r) => server.close(r)) };
}

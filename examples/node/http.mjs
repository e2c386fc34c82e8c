// Plain node:http: the Express middleware needs no framework.
import { createServer } from 'node:http';
import { hostsign } from 'wechat-hostsign/express';

const guard = hostsign({ token: process.env.PLUGIN_TOKEN });

const server = createServer((req, res) => {
  if (!req.url?.startsWith('/api/')) return res.writeHead(404).end();
  const result = guard(req, res);
  if (!result.ok) return; // 401 { error, message } already sent
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ appid: result.appid }));
});
server.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${server.address().port}`),
);

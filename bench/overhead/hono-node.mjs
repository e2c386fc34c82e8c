// Overhead server: Hono on @hono/node-server, verifyRequest(c.req.raw) as a
// Hono handler would call it (see handler.mjs for the three endpoints).
// Prints {"port":N} once listening on 127.0.0.1.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createVerifier } from 'wechat-hostsign';
import { uncachedVerifier } from './handler.mjs';

const token = process.env.HOSTSIGN_TOKEN;
const verifier = createVerifier({ token });
const uncached = uncachedVerifier(createVerifier, token);
const app = new Hono();
app.get('/b', (c) => c.text('hello'));
app.get('/h', (c) => {
  const h = c.req.raw.headers;
  return h.get('referer') === null || h.get('x-wechat-hostsign') === null ? c.text('no headers', 400) : c.text('hello');
});
for (const [path, v] of [['/v', verifier], ['/n', uncached]]) {
  app.get(path, (c) => {
    const result = v.verifyRequest(c.req.raw);
    return result.ok ? c.text('hello') : c.text(result.code, 401);
  });
}
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(JSON.stringify({ port: info.port })));

// Overhead server: Hono on @hono/node-server, as a Hono app is written:
// verification by the package's middleware before the handler, and the read
// (c.req.header()) in a middleware of the same shape, so that both pay
// Hono's composition of two handlers (see handler.mjs for the endpoints).
// Prints {"port":N} once listening on 127.0.0.1.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { hostsign } from 'wechat-hostsign/hono';

const token = process.env.HOSTSIGN_TOKEN;
const app = new Hono();
app.get('/b', (c) => c.text('hello'));
app.get(
  '/h',
  async (c, next) => {
    if (c.req.header('referer') === undefined || c.req.header('x-wechat-hostsign') === undefined) return c.text('no headers', 400);
    await next();
  },
  (c) => c.text('hello'),
);
app.get('/v', hostsign({ token }), (c) => c.text('hello'));
app.get('/n', hostsign({ token, cache: false }), (c) => c.text('hello'));
serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) => console.log(JSON.stringify({ port: info.port })));

// Hono on Node (@hono/node-server); the same app runs on Workers, Deno and Bun.
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { hostsign } from 'wechat-hostsign/hono';

const app = new Hono();
app.use('/api/*', hostsign({ token: process.env.PLUGIN_TOKEN }));
app.get('/api/hello', (c) => c.json({ appid: c.get('hostsign').appid }));

serve({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: '127.0.0.1' }, (info) =>
  console.log(`listening on http://127.0.0.1:${info.port}`),
);

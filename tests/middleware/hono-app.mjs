// The Hono middleware served by Deno or Bun (whichever runs this file), for
// hono-runtimes.test.mjs. Prints "listening on http://127.0.0.1:PORT".
import { Hono } from 'hono';
import { hostsign } from 'wechat-hostsign/hono';

const token = globalThis.Deno ? Deno.env.get('PLUGIN_TOKEN') : process.env.PLUGIN_TOKEN;
const app = new Hono();
app.use('/api/*', hostsign({ token }));
app.get('/api/hello', (c) => c.json({ appid: c.get('hostsign').appid }));

const say = (port) => console.log(`listening on http://127.0.0.1:${port}`);
if (globalThis.Deno) Deno.serve({ port: 0, hostname: '127.0.0.1', onListen: ({ port }) => say(port) }, app.fetch);
else say(Bun.serve({ port: 0, hostname: '127.0.0.1', fetch: app.fetch }).port);

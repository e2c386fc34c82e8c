// A Cloudflare Worker (Hono) that protects /api/* and returns the verified AppID.
// The token is a secret: `wrangler secret put PLUGIN_TOKEN`.
import { Hono, type MiddlewareHandler } from 'hono';
import { hostsign } from 'wechat-hostsign/hono';

const app = new Hono<{ Bindings: { PLUGIN_TOKEN: string } }>();

// Secrets arrive with the first request's env, so the middleware is made then, once.
let guard: MiddlewareHandler | undefined;
app.use('/api/*', (c, next) => (guard ??= hostsign({ token: c.env.PLUGIN_TOKEN }))(c, next));

app.get('/api/hello', (c) => c.json({ appid: c.get('hostsign').appid }));

// wx.connectSocket: the upgrade request went through the same middleware.
app.get('/api/socket', (c) => {
  if (c.req.header('upgrade') !== 'websocket') return c.text('expected a WebSocket upgrade', 426);
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.addEventListener('close', (event) => server.close(event.code, 'bye'));
  server.send(JSON.stringify({ appid: c.get('hostsign').appid }));
  return new Response(null, { status: 101, webSocket: client });
});

export default app;

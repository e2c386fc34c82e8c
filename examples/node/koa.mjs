// Koa: guard the /api/ routes, read ctx.state.hostsign.
import Koa from 'koa';
import { hostsign } from 'wechat-hostsign/koa';

const app = new Koa();
const guard = hostsign({ token: process.env.PLUGIN_TOKEN });
app.use((ctx, next) => (ctx.path.startsWith('/api/') ? guard(ctx, next) : next()));
app.use((ctx) => {
  if (ctx.path === '/api/hello') ctx.body = { appid: ctx.state.hostsign.appid };
});

const server = app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1', () =>
  console.log(`listening on http://127.0.0.1:${server.address().port}`),
);

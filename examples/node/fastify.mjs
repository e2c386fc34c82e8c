// Fastify: register the plugin inside the /api context to guard only those routes.
import Fastify from 'fastify';
import { hostsign } from 'wechat-hostsign/fastify';

const app = Fastify();
app.register(
  async (api) => {
    await api.register(hostsign, { token: process.env.PLUGIN_TOKEN });
    api.get('/hello', async (request) => ({ appid: request.hostsign.appid }));
  },
  { prefix: '/api' },
);

await app.listen({ port: Number(process.env.PORT ?? 3000), host: '127.0.0.1' });
console.log(`listening on http://127.0.0.1:${app.server.address().port}`);

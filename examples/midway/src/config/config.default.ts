import { join } from 'node:path';

export default {
  keys: process.env.MIDWAY_KEYS ?? 'example-cookie-signing-key',
  koa: { port: Number(process.env.PORT ?? 7001), hostname: '127.0.0.1' },
  midwayLogger: { default: { dir: join(__dirname, '../../logs') } },
  // The options of wechat-hostsign/koa's hostsign().
  hostsign: { token: process.env.PLUGIN_TOKEN },
};

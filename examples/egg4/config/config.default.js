// The hostsign middleware, configured the Egg way: Egg reads match (and
// ignore, enable) itself; the rest are the verifier's options.
import { join } from 'node:path';

export default (appInfo) => ({
  keys: process.env.EGG_KEYS ?? 'example-cookie-signing-key',
  logger: { dir: join(appInfo.baseDir, 'logs') },
  middleware: ['hostsign'],
  hostsign: {
    match: '/api',
    token: process.env.PLUGIN_TOKEN,
  },
  // The plugin's POSTs: no CSRF token to check on /api (docs/frameworks.md says why).
  security: {
    csrf: { ignore: '/api' },
  },
});

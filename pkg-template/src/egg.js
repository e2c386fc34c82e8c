// Egg (Egg 3 and 4, and frameworks on it): the Koa middleware, configured the
// Egg way. app/middleware/hostsign.js is one line,
//   export { default } from 'wechat-hostsign/egg';   (CommonJS: module.exports = require('wechat-hostsign/egg');)
// and config/config.default.js enables and configures it:
//   config.middleware = ['hostsign'];
//   config.hostsign = { match: '/api', token: process.env.PLUGIN_TOKEN };
// Then `ctx.state.hostsign` in the controllers.
import { configure } from './middleware.js';
import { koaMiddleware } from './koa.js';

// Keys Egg itself reads from a middleware's config (match, ignore: which
// paths; enable) and hands the factory beside the user's options.
const EGG_OPTIONS = ['match', 'ignore', 'enable'];

/**
 * Egg's middleware factory `(options, app)`: on success sets
 * `ctx.state.hostsign` and awaits `next()`; on failure responds 401
 * `{ error, message }`, unless `onError(failure, ctx, next)` sets a body or
 * calls `next()`. Bad options throw HostSignError at boot.
 */
export function hostsign(options) {
  return koaMiddleware(configure(options, 'the hostsign middleware of wechat-hostsign/egg (config.hostsign)', EGG_OPTIONS));
}

export default hostsign;

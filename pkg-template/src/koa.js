// Koa middleware: `app.use(hostsign({ token }))` (or on a router), then
// `ctx.state.hostsign` in the handlers.
import { body, configure } from './middleware.js';

/**
 * On success sets `ctx.state.hostsign` and awaits `next()`; on failure
 * responds 401 `{ error, message }`, unless `onError(failure, ctx, next)`
 * sets a response body or calls `next()`.
 */
export function hostsign(options) {
  return koaMiddleware(configure(options, 'hostsign() of wechat-hostsign/koa'));
}

/** The middleware around a configured verifier (also Egg's: egg.js). Not part of the typed API. */
export function koaMiddleware({ verifier, onError }) {
  return async function hostsignMiddleware(ctx, next) {
    const result = verifier.verifyRequest(ctx.req);
    if (result.ok) {
      ctx.state.hostsign = result;
      await next();
      return;
    }
    if (onError) {
      let called = false;
      await onError(result, ctx, () => {
        called = true;
        return next();
      });
      if (called || ctx.body != null) return;
    }
    ctx.status = 401;
    ctx.body = body(result);
  };
}

export default hostsign;

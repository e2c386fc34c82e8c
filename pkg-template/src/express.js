// Connect-style middleware for Express 4 and 5, Connect and plain node:http:
// `app.use('/api', hostsign({ token }))`, then `req.hostsign` in the handlers.
import { configure, json } from './middleware.js';

/**
 * Returns `(req, res, next?) => result`. On success sets `req.hostsign` and
 * calls `next()`; on failure responds 401 `{ error, message }` (or calls
 * `onError(failure, req, res, next)`, which must respond or call `next`).
 * Without Express, call it with a callback or use the returned result:
 * `if (guard(req, res).ok) …`.
 */
export function hostsign(options) {
  const { verifier, onError } = configure(options, 'hostsign() of wechat-hostsign/express');
  return function hostsignMiddleware(req, res, next) {
    const result = verifier.verifyRequest(req);
    if (result.ok) {
      req.hostsign = result;
      if (typeof next === 'function') next();
      return result;
    }
    if (onError) {
      const r = onError(result, req, res, typeof next === 'function' ? next : () => {});
      // An async onError that fails becomes the framework's error (or a 500).
      if (r && typeof r.then === 'function') {
        r.then(undefined, (err) => {
          if (typeof next === 'function') next(err);
          else if (!res.headersSent) {
            res.statusCode = 500;
            res.end();
          }
        });
      }
      return result;
    }
    const text = json(result);
    res.statusCode = 401;
    res.setHeader('content-type', 'application/json; charset=utf-8');
    res.setHeader('content-length', String(new TextEncoder().encode(text).length));
    res.end(text);
    return result;
  };
}

export default hostsign;

// Connect-style middleware for Express 4 and 5, Connect and plain node:http:
// `app.use('/api', hostsign({ token }))`, then `req.hostsign` in the handlers.
import { configure, json } from './middleware.js';

/**
 * Returns `(req, res, next?) => result`. On success sets `req.hostsign` and
 * calls `next()`; on failure responds 401 `{ error, message }`, unless
 * `onError(failure, req, res, next)` takes over: it responds, calls `next`,
 * or returns a promise that does (if it does neither, the 401 is sent; if it
 * throws or rejects, the error goes to `next(err)`, or without Express a 500
 * is sent). Without Express, call it with a callback or use the returned
 * result: `if (guard(req, res).ok) …`.
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
      let nextCalled = false;
      const onward = (...args) => {
        nextCalled = true;
        if (typeof next === 'function') next(...args);
      };
      // onError failed: the framework's error handler, or a bare 500.
      const failed = (err) => {
        if (typeof next === 'function' && !nextCalled) next(err);
        else if (!res.headersSent && !res.writableEnded) {
          res.statusCode = 500;
          res.end();
        }
      };
      // Nothing happened: the default answer.
      const settled = () => {
        if (!nextCalled && !res.headersSent && !res.writableEnded) refuse(res, result);
      };
      let r;
      try {
        r = onError(result, req, res, onward);
      } catch (err) {
        failed(err);
        return result;
      }
      if (r && typeof r.then === 'function') r.then(settled, failed);
      else settled();
      return result;
    }
    refuse(res, result);
    return result;
  };
}

/** The default 401 `{ error, message }`. */
function refuse(res, failure) {
  const text = json(failure);
  res.statusCode = 401;
  res.setHeader('content-type', 'application/json; charset=utf-8');
  res.setHeader('content-length', String(new TextEncoder().encode(text).length));
  res.end(text);
}

export default hostsign;

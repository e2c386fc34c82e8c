// Hono middleware: `app.use('/api/*', hostsign({ token }))`, then
// `c.get('hostsign')` in the handlers. Works wherever Hono does (Workers,
// Deno, Bun, Node): the core is imported by the package's own name.
import { body, configure } from './middleware.js';

/**
 * Verifies every request; on success `c.set('hostsign', result)` and on to
 * the next handler, on failure 401 `{ error, message }` unless `onError`
 * returns a response (or calls `next()`).
 */
export function hostsign(options) {
  const { verifier, onError } = configure(options, 'hostsign() of wechat-hostsign/hono');
  return async function hostsignMiddleware(c, next) {
    // On @hono/node-server, Node's IncomingMessage keeps a repeated header
    // that the Fetch Request joins into one value.
    const incoming = c.env?.incoming;
    const result = verifier.verifyRequest(Array.isArray(incoming?.rawHeaders) ? incoming : c.req.raw);
    if (result.ok) {
      c.set('hostsign', result);
      await next();
      return undefined;
    }
    if (onError) {
      const response = await onError(result, c, next);
      if (response != null) return response;
      if (c.finalized) return undefined;
    }
    return c.json(body(result), 401);
  };
}

export default hostsign;
